/* loopstep
[files]
"f1.txt" = "1"
"f2.txt" = "22"
"f3.txt" = "333"
"f4.txt" = "4444"
"f5.txt" = "55555"
"f6.txt" = "666666"
"f7.txt" = "7777777"
*/
// Seven stats at once on a pool of 4: they finish in any order, so the results are
// gathered and printed sorted; the count of callbacks is always 7.
const fs = require('fs');
const got = [];
for (let i = 1; i <= 7; i++) {
  fs.stat(`f${i}.txt`, (err, st) => {
    got.push(`f${i}.txt:${st.size}`);
    if (got.length === 7) console.log(got.sort().join(' '));
  });
}
