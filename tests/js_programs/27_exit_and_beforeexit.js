/* loopstep
[files]
"a.txt" = "a"
*/
// beforeExit runs when the loop is empty, and may start new work, which keeps the
// program going; exit runs last and cannot.
const fs = require('fs');
let rounds = 0;
process.on('beforeExit', () => {
  console.log('beforeExit', rounds);
  if (rounds++ < 2) fs.stat('a.txt', () => console.log('stat from beforeExit', rounds));
});
process.on('exit', (code) => console.log('exit', code));
console.log('main');
