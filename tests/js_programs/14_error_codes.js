/* loopstep
[files]
"file.txt" = "x"
"dir/inside.txt" = "y"
*/
// Errors reach the callback as err, with err.code naming the errno. Each call is made from
// the previous one's callback, so the order is fixed.
const fs = require('fs');
const steps = [
  (next) => fs.open('missing.txt', 'r', (err) => next('open missing', err)),
  (next) => fs.readFile('dir', (err) => next('readFile of a folder', err)),
  (next) => fs.open('file.txt', 'wx', (err) => next('open wx of an existing file', err)),
  (next) => fs.readdir('file.txt', (err) => next('readdir of a file', err)),
  (next) => fs.stat('file.txt/nope', (err) => next('stat through a file', err)),
  (next) => fs.mkdir('dir', (err) => next('mkdir of an existing folder', err)),
  (next) => fs.open('file.txt', 'r', (err, fd) => fs.close(fd, () => fs.close(fd, (err) => next('close twice', err)))),
  (next) => fs.open('file.txt', 'r', (err, fd) => fs.write(fd, 'no', (err) => { next('write to a read-only fd', err); fs.closeSync(fd); })),
];
function run(i) {
  if (i === steps.length) return console.log('done');
  steps[i]((what, err) => {
    console.log(what + ':', err ? `${err.code} (${err.syscall}) errno ${err.errno < 0 ? 'negative' : 'positive'}` : 'no error');
    run(i + 1);
  });
}
run(0);
