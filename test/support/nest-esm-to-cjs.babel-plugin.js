/**
 * NestJS 12 ships as ES modules. Node 20 runs them through require(esm), but Jest on Node 20
 * cannot, so the tests compile @nestjs/* to CommonJS with Babel. Two ESM idioms need help:
 * `import.meta.url` (given the module's file URL), `const require = createRequire(...)`
 * (dropped: CommonJS already has require, and the declaration would shadow it), and `import(x)`,
 * which babel-jest leaves alone and Jest cannot run without --experimental-vm-modules.
 */
module.exports = function nestEsmToCjs({ types: t }) {
  return {
    name: 'nest-esm-to-cjs',
    visitor: {
      MetaProperty(path) {
        if (path.node.meta.name !== 'import' || path.node.property.name !== 'meta') return;
        path.replaceWithSourceString("({ url: require('url').pathToFileURL(__filename).href })");
      },
      CallExpression(path) {
        if (path.node.callee.type !== 'Import') return;
        const [specifier] = path.node.arguments;
        path.replaceWith(
          t.callExpression(
            t.memberExpression(
              t.callExpression(t.memberExpression(t.identifier('Promise'), t.identifier('resolve')), []),
              t.identifier('then'),
            ),
            [t.arrowFunctionExpression([], t.callExpression(t.identifier('require'), [specifier]))],
          ),
        );
      },
      VariableDeclarator(path) {
        const { id, init } = path.node;
        if (
          t.isIdentifier(id, { name: 'require' }) &&
          t.isCallExpression(init) &&
          t.isIdentifier(init.callee, { name: 'createRequire' })
        ) {
          path.remove();
        }
      },
    },
  };
};
