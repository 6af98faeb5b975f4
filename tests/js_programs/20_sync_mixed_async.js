// Sync calls run at once, in the middle of the script; async ones come back later, from
// the loop.
const fs = require('fs');
fs.writeFileSync('s.txt', 'sync write\n');
console.log('1. exists?', fs.existsSync('s.txt'), fs.existsSync('nothing.txt'));
fs.readFile('s.txt', 'utf8', (err, text) => {
  console.log('4. async readFile sees both writes:', JSON.stringify(text));
  const fd = fs.openSync('s.txt', 'r');
  console.log('5. openSync gave a', typeof fd, '; statSync size', fs.statSync('s.txt').size, '; fstatSync size', fs.fstatSync(fd).size);
  fs.closeSync(fd);
  try { fs.readFileSync('nothing.txt'); } catch (e) { console.log('6. readFileSync throws', e.code); }
});
fs.appendFileSync('s.txt', 'sync append\n');
console.log('2. readFileSync:', JSON.stringify(fs.readFileSync('s.txt', 'utf8')));
console.log('3. the main script ends');
