// Timers fire by due time, not by the order of the setTimeout calls. (Each setTimeout
// counts from the time it is called, so the delays differ by 100 ms: a program that
// compared 1 ms and 5 ms timers set by different statements could see the order flip on a
// loaded machine that paused between the two statements.)
setTimeout(() => console.log('300 ms'), 300);
setTimeout(() => console.log('100 ms'), 100);
setTimeout(() => console.log('200 ms'), 200);
setTimeout(() => console.log('400 ms'), 400);
setTimeout(() => console.log('1 ms'), 1);
