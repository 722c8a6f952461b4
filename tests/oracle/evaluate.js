// Evaluates opening_hours strings with opening_hours.js: the independent oracle for our export.
// stdin:  {"nominatim": {...}, "strings": [s, ...], "instants": [epoch_ms, ...], "from": ms, "to": ms}
// stdout: {"results": [{"warnings": [...], "open": [bool per instant],
//                       "comment": [string|null per instant], "intervals": [[from_ms, to_ms, comment]]}]}
// Run with TZ set to the city's zone: opening_hours.js works in the process's local time.
"use strict";
const OpeningHours = require("opening_hours");

let input = "";
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", () => {
  const job = JSON.parse(input);
  const results = job.strings.map((s) => {
    const oh = new OpeningHours(s, job.nominatim, { mode: 0, warnings_severity: 4 });
    // One evaluation per instant: the iterator keeps state, unknown and comment of its date.
    const it = oh.getIterator(new Date(job.from));
    const open = [], unknown = [], comment = [];
    for (const ms of job.instants) {
      it.setDate(new Date(ms));
      open.push(it.getState());
      unknown.push(it.getUnknown());
      comment.push(it.getComment() ?? null);
    }
    return {
      warnings: oh.getWarnings(),
      open,
      unknown,
      comment,
      intervals: oh
        .getOpenIntervals(new Date(job.from), new Date(job.to))
        .map(([a, b, , comment]) => [a.getTime(), b.getTime(), comment ?? null]),
    };
  });
  process.stdout.write(JSON.stringify({ results }));
});
