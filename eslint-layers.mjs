/**
 * The layer rules of this repository as one ESLint rule, `layers/imports`: each layer lists the
 * files it covers and the files it must never import (relative imports resolved against the
 * repository root; bare module names matched as given). Configured in eslint.config.js.
 */
import { dirname, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = dirname(fileURLToPath(import.meta.url));

/** `**` any depth, `*` within one path segment. */
function globToRegExp(glob) {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*' && glob[i + 1] === '*') {
      re += glob[i + 2] === '/' ? '(?:.*/)?' : '.*';
      i += glob[i + 2] === '/' ? 2 : 1;
    } else if (c === '*') re += '[^/]*';
    else re += c.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

const matcher = (globs = []) => {
  const res = globs.map(globToRegExp);
  return (path) => res.some((r) => r.test(path));
};

const toPosix = (p) => p.split(sep).join('/');

/** The repository path an import names, without extension; a bare module name as given. */
function target(spec, fromFile) {
  if (!spec.startsWith('.')) return spec;
  return toPosix(relative(ROOT, resolve(dirname(fromFile), spec))).replace(/\.(ts|mts|js|mjs|vue)$/, '');
}

const importsRule = {
  meta: {
    type: 'problem',
    docs: { description: 'Layer rules: which parts of the repository may import which' },
    schema: [
      {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            name: { type: 'string' },
            files: { type: 'array', items: { type: 'string' } },
            except: { type: 'array', items: { type: 'string' } },
            forbid: { type: 'array', items: { type: 'string' } },
            allow: { type: 'array', items: { type: 'string' } },
            message: { type: 'string' },
          },
          required: ['name', 'files', 'forbid', 'message'],
          additionalProperties: false,
        },
      },
    ],
    messages: { forbidden: '{{name}}: {{message}} (imports {{target}})' },
  },
  create(context) {
    const file = toPosix(relative(ROOT, context.filename));
    const layers = (context.options[0] ?? [])
      .filter((l) => matcher(l.files)(file) && !matcher(l.except)(file))
      .map((l) => ({ ...l, forbidden: matcher(l.forbid), allowed: matcher(l.allow) }));
    if (layers.length === 0) return {};
    const check = (node, source) => {
      if (!source || typeof source.value !== 'string') return;
      const t = target(source.value, context.filename);
      for (const l of layers) {
        // A target is matched with and without its extension-less form's index (folder imports).
        if ((l.forbidden(t) || l.forbidden(`${t}/index`)) && !l.allowed(t)) {
          context.report({ node: source, messageId: 'forbidden', data: { name: l.name, message: l.message, target: t } });
          return;
        }
      }
    };
    return {
      ImportDeclaration: (node) => check(node, node.source),
      ExportNamedDeclaration: (node) => check(node, node.source),
      ExportAllDeclaration: (node) => check(node, node.source),
      ImportExpression: (node) => check(node, node.source),
    };
  },
};

export default { meta: { name: 'layers' }, rules: { imports: importsRule } };
