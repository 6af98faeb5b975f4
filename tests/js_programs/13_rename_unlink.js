/* loopstep
[files]
"old.txt" = "moving"
"gone.txt" = "bye"
*/
// rename moves a file, unlink removes one; the old names are then missing (ENOENT).
const fs = require('fs');
fs.rename('old.txt', 'new.txt', (err) => {
  console.log('rename:', err);
  console.log('old exists?', fs.existsSync('old.txt'), 'new exists?', fs.existsSync('new.txt'));
  fs.unlink('gone.txt', (err) => {
    console.log('unlink:', err);
    fs.stat('gone.txt', (err) => {
      console.log('stat after unlink:', err.code);
      fs.unlink('gone.txt', (err) => console.log('unlink again:', err.code, err.syscall));
    });
  });
});
