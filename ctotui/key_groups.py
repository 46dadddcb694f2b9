"""The group titles of keys (Textual's `Binding.Group`): families of keys that belong together.

In Textual 8.2.8 a group does one visible thing: the Footer draws neighbouring shown keys of one
group as one cluster under the group's title ("[ ] Month"). The footer must stay as it is, so a
group here has at most one key the footer shows; the others are `show=False` keys (the help
screen lists them all). Keys the footer shows side by side (n New, e Edit, d Delete…) have no
group. The help panel's section titles are each screen's and widget's `BINDING_GROUP_TITLE`.
"""

from __future__ import annotations

from textual.binding import Binding

MOVE = Binding.Group("Move")  # cursor keys of lists, the month grid and the help screen
SORT = Binding.Group("Sort")  # o shown; O (reverse) not
PANES = Binding.Group("Panes")  # z shown; 1-4, tab, h and l not
