"""What the keys do: the actions shared by screens, each opening a dialog and queuing the write."""
