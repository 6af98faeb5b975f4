/* loopstep
[files]
"a.txt" = "alpha"
"b.txt" = "beta"
"c.txt" = "gamma"
*/
// await in a for...of loop: one read at a time, in order; then Promise.all, whose result
// keeps the order of its inputs whatever order the reads finish in.
const fsp = require('fs').promises;
async function main() {
  for (const name of ['a.txt', 'b.txt', 'c.txt']) {
    const text = await fsp.readFile(name, 'utf8');
    console.log('in turn:', name, text);
  }
  const all = await Promise.all(['c.txt', 'a.txt', 'b.txt'].map((n) => fsp.readFile(n, 'utf8')));
  console.log('Promise.all:', all);
  const sizes = await Promise.all(['a.txt', 'b.txt'].map(async (n) => (await fsp.stat(n)).size));
  console.log('sizes:', sizes);
  return 'main result';
}
main().then((r) => console.log('resolved with', r));
console.log('main() returned a', main.constructor.name === 'AsyncFunction' ? 'promise' : '?');
