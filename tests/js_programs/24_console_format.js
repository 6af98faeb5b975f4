// console.log formats its arguments with util.format.
console.log('%s is %d years and %i days', 'loopstep', 42.5, 7.9);
console.log('%j and %o', { a: [1, 2] }, 'str');
console.log('100%', 'literal percent', '%%', '%c(no css)', 'color: red');
console.log({ a: 1, b: 'two', c: [3, { d: null }], e: undefined });
console.log([1, 'two', [3, [4, [5, [6]]]]], new Map([['k', 1]]), new Set([1, 2]));
console.log(null, undefined, true, 1e21, -0, 0.1 + 0.2, 10n, Symbol('s'));
console.log('multi\nline', Buffer.from('hi'), [undefined, null], { 'key with space': 1 });
console.log(function named() {}, () => {}, class K {});
console.log();
console.log('%s', { toString() { return 'custom'; } }, '%s');
console.log(new Error('boom').message, [,'hole'], 'x'.repeat(3));
