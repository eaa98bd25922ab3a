/**
 * The layer rules of this repository as ESLint rules, configured in eslint.config.js:
 * - `layers/imports`: each layer lists the files it covers and the files it must never import
 *   (relative imports resolved against the repository root; bare module names matched as given);
 * - `layers/sql`: SQL runs only in repositories and query modules (the shape is described in
 *   electron/main/services/db/README.md); anywhere else a `.prepare(`, `.pragma(` or SQL `.exec(`
 *   call is an error.
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

/** A rule option that lists path globs. */
const GLOBS = { type: 'array', items: { type: 'string' } };

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
            files: GLOBS,
            except: GLOBS,
            forbid: GLOBS,
            allow: GLOBS,
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

/** A name that holds a database connection, by the project's naming (db, conn, own, copy, …Db). */
const DB_NAME = /^(db|conn|own|copy|database|[a-z]\w*Db)$/;

function receiverName(node) {
  if (node.type === 'Identifier') return node.name;
  if (node.type === 'MemberExpression' && !node.computed && node.property.type === 'Identifier') return node.property.name;
  return null;
}

/**
 * `.prepare(` and `.pragma(` are better-sqlite3's alone here. `.exec(` is also RegExp's, so it
 * counts as SQL when its argument is SQL text (a string or template literal) or it is called on
 * a name that holds a connection.
 */
function isSqlCall(node) {
  const callee = node.callee;
  if (callee.type !== 'MemberExpression' || callee.computed || callee.property.type !== 'Identifier') return null;
  const method = callee.property.name;
  if (method === 'prepare' || method === 'pragma') return method;
  if (method !== 'exec') return null;
  if (callee.object.type === 'Literal' && callee.object.regex) return null;
  const arg = node.arguments[0];
  if (arg && (arg.type === 'TemplateLiteral' || (arg.type === 'Literal' && typeof arg.value === 'string'))) return method;
  const name = receiverName(callee.object);
  return name && DB_NAME.test(name) ? method : null;
}

const sqlRule = {
  meta: {
    type: 'problem',
    docs: { description: 'SQL lives in repositories (*-repo.ts) and query modules (*-query.ts), and in the db layer' },
    schema: [{ type: 'object', properties: { allow: GLOBS }, additionalProperties: false }],
    messages: {
      outside:
        'sql-in-repositories: .{{method}}( outside a repository or query module; put the statement in the *-repo.ts / *-query.ts that owns the table (electron/main/services/db/README.md)',
    },
  },
  create(context) {
    const file = toPosix(relative(ROOT, context.filename));
    if (matcher(context.options[0]?.allow)(file)) return {};
    return {
      CallExpression(node) {
        const method = isSqlCall(node);
        if (method) context.report({ node: node.callee.property, messageId: 'outside', data: { method } });
      },
    };
  },
};

export default { meta: { name: 'layers' }, rules: { imports: importsRule, sql: sqlRule } };
