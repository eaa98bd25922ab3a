/**
 * An icon in naive-ui's NIcon markup (`<i role="img" class="n-icon">` around the SVG) for the places
 * that give NIcon no size, colour or depth, without an NIcon instance: NIcon then draws just this
 * (its variables style only depth and colour transitions), but each instance computes its theme and
 * style first. The shell draws over a dozen on the first view. naive-ui's icon sheet styles it: it is
 * among the sheets written before the first mount (renderer/theme/prebuilt-styles.ts). A functional
 * component: a class given to it (a spinning state) lands on the `<i>`.
 */
import { h, type FunctionalComponent } from 'vue';

export const PlainIcon: FunctionalComponent = (_props, { slots }) => h('i', { role: 'img', class: 'n-icon' }, slots.default?.());
PlainIcon.displayName = 'PlainIcon';
