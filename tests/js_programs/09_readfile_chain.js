/* loopstep
[files]
"start.txt" = "next.txt"
"next.txt" = "last.txt"
"last.txt" = "the end"
*/
// Each file names the next one: a chain of readFile calls, each started in the previous
// one's callback.
const fs = require('fs');
function follow(name, depth) {
  fs.readFile(name, 'utf8', (err, text) => {
    console.log(' '.repeat(depth) + name + ' -> ' + text);
    if (text.endsWith('.txt')) follow(text, depth + 1);
    else console.log('chain done after', depth + 1, 'reads');
  });
}
follow('start.txt', 0);
