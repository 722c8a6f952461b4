// Reads an .ics file with ical.js, as Thunderbird and Nextcloud do, and prints what it finds.
// stdin:  {"ics": "...", "from": epoch_ms, "to": epoch_ms}
// stdout: {"events": [{"summary", "location", "url", "alarms": [trigger seconds],
//                      "occurrences": [[start_ms, end_ms], ...]}]}
// Occurrences starting in [from, to); each VTIMEZONE of the file is registered first, so times
// are converted by the file's own zone definition, not by the machine's.
import ICAL from "ical.js";

let input = "";
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", () => {
  const job = JSON.parse(input);
  const calendar = new ICAL.Component(ICAL.parse(job.ics));
  for (const zone of calendar.getAllSubcomponents("vtimezone")) {
    ICAL.TimezoneService.register(zone);
  }
  const events = calendar.getAllSubcomponents("vevent").map((component) => {
    const event = new ICAL.Event(component);
    const occurrences = [];
    const it = event.iterator();
    for (let next = it.next(); next; next = it.next()) {
      const start = next.toJSDate().getTime();
      if (start >= job.to) break;
      if (start < job.from) continue;
      const details = event.getOccurrenceDetails(next);
      occurrences.push([start, details.endDate.toJSDate().getTime()]);
    }
    return {
      summary: event.summary,
      location: event.location,
      url: component.getFirstPropertyValue("url"),
      alarms: component
        .getAllSubcomponents("valarm")
        .map((a) => a.getFirstPropertyValue("trigger").toSeconds()),
      occurrences,
    };
  });
  process.stdout.write(JSON.stringify({ events }));
});
