/* loopstep
[files]
"log.txt" = "line 1\n"
*/
// appendFile adds at the end; appending to a missing file creates it. The appends are
// chained so the order is fixed.
const fs = require('fs');
fs.appendFile('log.txt', 'line 2\n', () => {
  fs.appendFile('log.txt', 'line 3\n', () => {
    fs.appendFile('new.txt', 'created by appendFile\n', () => {
      console.log(fs.readFileSync('log.txt', 'utf8').trimEnd());
      console.log(fs.readFileSync('new.txt', 'utf8').trimEnd());
    });
  });
});
