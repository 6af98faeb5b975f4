/* loopstep
[files]
"five.txt" = "12345"
"empty.txt" = ""
"sub/x.txt" = "x"
*/
// What a Stats object answers: isFile(), isDirectory(), size.
const fs = require('fs');
for (const name of ['five.txt', 'empty.txt', 'sub']) {
  const st = fs.statSync(name);
  console.log(name, 'isFile', st.isFile(), 'isDirectory', st.isDirectory(), 'size', name === 'sub' ? '(a folder)' : st.size);
}
fs.stat('five.txt', (err, st) => {
  console.log('async stat: err', err, 'isFile', st.isFile(), 'size', st.size, 'mtime is a', st.mtime.constructor.name);
  fs.lstat('sub', (err, st) => {
    console.log('lstat sub: isDirectory', st.isDirectory(), 'isSymbolicLink', st.isSymbolicLink());
    fs.open('five.txt', 'r', (err, fd) => {
      fs.fstat(fd, (err, st) => {
        console.log('fstat: size', st.size, 'typeof size', typeof st.size);
        fs.close(fd, () => console.log('closed'));
      });
    });
  });
});
