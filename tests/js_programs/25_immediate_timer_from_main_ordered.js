// Orders Node fixes whatever the clock says: an immediate queued by a timer runs before a
// 0 ms timer queued by the same timer (check comes before the next timers phase), and of
// two 0 ms timers the one started first fires first.
setTimeout(() => {
  console.log('timer');
  setTimeout(() => console.log('timer from timer'), 0);
  setImmediate(() => {
    console.log('immediate from timer');
    setTimeout(() => console.log('timer from immediate, started after timer from timer'), 0);
  });
}, 0);
