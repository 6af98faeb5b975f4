// writeFile then readFile of what was written, as a string and as a Buffer.
const fs = require('fs');
fs.writeFile('out.txt', 'written by writeFile\n', (err) => {
  console.log('writeFile err:', err);
  fs.readFile('out.txt', (err, buf) => {
    console.log('readFile without encoding gives a', buf.constructor.name, 'of', buf.length, 'bytes');
    console.log(JSON.stringify(buf.toString()));
    fs.writeFile('out.txt', Buffer.from([0x68, 0x69]), () => {
      fs.readFile('out.txt', 'utf8', (err, text) => console.log('overwritten:', text));
    });
  });
});
