/* loopstep
[files]
"top.txt" = "t"
*/
// mkdir (one folder per call: { recursive: true } is not in loopstep's model), files
// written into it, readdir (sorted: readdir gives the file system's order).
const fs = require('fs');
fs.mkdir('dir', (err) => {
  console.log('mkdir:', err);
  fs.mkdir('dir/sub', (err) => {
    console.log('mkdir dir/sub:', err);
    fs.writeFile('dir/b.txt', 'b', () => {
      fs.writeFile('dir/a.txt', 'a', () => {
        fs.readdir('dir', (err, names) => {
          console.log('dir holds:', names.sort());
          fs.readdir('.', (err, top) => {
            console.log('the lesson folder holds:', top.sort().join(' '));
            fs.mkdir('dir', (err) => console.log('mkdir again:', err.code));
          });
        });
      });
    });
  });
});
