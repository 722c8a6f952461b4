"""The staff console in the browser (issue 18): sign-in, the day list, cutover, broadcast,
closures, the waitlist, the audit log and accounts."""
