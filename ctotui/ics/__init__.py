"""iCalendar (RFC 5545) export of the calendar. No third-party library at run time."""
