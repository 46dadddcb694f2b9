"""iCalendar (RFC 5545) export of the calendar, written with the `icalendar` library."""
