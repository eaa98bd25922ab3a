/**
 * naive-ui's stylesheets for the first view, rendered at build time (scripts/naive-styles-plugin.ts),
 * put in the page's head before the app mounts: css-render finds each `<style cssr-id>` there and
 * skips building its text during the mount. Placed where css-render would put them (before the
 * page's own styles and links, naive-ui's first) and in the order it leaves them, so the cascade is
 * the same as when naive-ui writes them itself. In a build the page carries them already (parsed with
 * the HTML, before any script ran) and the list is empty; the dev server and unit tests use it.
 */
import sheets from 'virtual:onetap-naive-styles';

export function installPrebuiltStyles(head: HTMLHeadElement = document.head): void {
  const before = head.querySelector('style, link');
  for (const [id, text] of sheets) {
    if (head.querySelector(`style[cssr-id="${id}"]`)) continue; // already written (a second app, tests)
    const el = document.createElement('style');
    el.setAttribute('cssr-id', id);
    el.textContent = text;
    head.insertBefore(el, before);
  }
}
