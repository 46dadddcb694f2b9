"""What can stop a sync, each a one-line message that says what happened and what to do."""

from __future__ import annotations

from ctotui.errors import CtoError


class SyncError(CtoError):
    """A sync (or its setup) could not finish; local data is intact."""


class NoGitError(SyncError):
    """git is not installed."""


class NotARepoError(SyncError):
    """The data folder is not (the top of) a git repository."""


class NotSetUpError(SyncError):
    """The merge driver is not registered in this clone."""


class UnresolvedStateError(SyncError):
    """The repository is mid-merge, mid-rebase, detached, or otherwise not syncable as is."""


class NetworkError(SyncError):
    """The remote could not be reached (network down, host unknown, ssh refused)."""


class RemoteRejectedError(SyncError):
    """The remote refused the push (someone pushed meanwhile, a hook, permissions)."""

    retry = False  # True when fetching and merging again may let the push through


class MergeFailedError(SyncError):
    """Merging with the remote failed and was aborted; nothing local changed."""
