/**
 * Renderer rules of this repository as ESLint rules, configured in eslint.config.js:
 * - `renderer/select-option-props`: every naive-ui select (`<NSelect>`, `<n-select>`, `h(NSelect, …)`)
 *   passes `selectOptionProps` (renderer/composables/select-option-props.ts) as its node props, so
 *   each option carries the `option` role and its value: assistive technology and the e2e tests
 *   (e2e/pages/select.ts, `pickOption`) find any option by its name, never by naive-ui's classes.
 */

const OPTION_PROPS = 'selectOptionProps';

/** `NSelect`, `n-select`, `n-Select` … */
const isSelectTag = (rawName) => rawName.replace(/-/g, '').toLowerCase() === 'nselect';

/** The expression bound to `:node-props` / `v-bind:nodeProps`, or null when there is none. */
function boundNodeProps(element) {
  for (const attr of element.startTag.attributes) {
    if (!attr.directive || attr.key.name.name !== 'bind' || !attr.key.argument || attr.key.argument.type !== 'VIdentifier') continue;
    const name = attr.key.argument.rawName ?? attr.key.argument.name;
    if (name === 'node-props' || name === 'nodeProps') return attr.value?.expression ?? undefined;
  }
  return null;
}

const selectOptionPropsRule = {
  meta: {
    type: 'problem',
    docs: { description: 'every naive-ui select gives its options the option role (selectOptionProps)' },
    schema: [],
    messages: {
      missing:
        'missing-option-props: give this select :node-props="selectOptionProps" (renderer/composables/select-option-props.ts) so its options carry the option role and can be picked by name',
      other: 'other-option-props: the node props of a select are selectOptionProps (renderer/composables/select-option-props.ts), not another expression',
    },
  },
  create(context) {
    const checkExpression = (node, expression) => {
      if (expression === null) context.report({ node, messageId: 'missing' });
      else if (!expression || expression.type !== 'Identifier' || expression.name !== OPTION_PROPS)
        context.report({ node: expression ?? node, messageId: 'other' });
    };
    const script = {
      // Render functions: h(NSelect, { nodeProps: selectOptionProps, … }).
      CallExpression(node) {
        const [component, props] = node.arguments;
        if (node.callee.type !== 'Identifier' || node.callee.name !== 'h' || component?.type !== 'Identifier' || !isSelectTag(component.name)) return;
        const prop =
          props?.type === 'ObjectExpression'
            ? props.properties.find(
                (p) => p.type === 'Property' && !p.computed && ((p.key.type === 'Identifier' && p.key.name === 'nodeProps') || p.key.value === 'node-props'),
              )
            : undefined;
        checkExpression(props ?? node, prop ? prop.value : null);
      },
    };
    const services = context.sourceCode.parserServices;
    if (!services?.defineTemplateBodyVisitor) return script;
    return services.defineTemplateBodyVisitor(
      {
        VElement(node) {
          if (isSelectTag(node.rawName)) checkExpression(node.startTag, boundNodeProps(node));
        },
      },
      script,
    );
  },
};

export default { meta: { name: 'renderer' }, rules: { 'select-option-props': selectOptionPropsRule } };
