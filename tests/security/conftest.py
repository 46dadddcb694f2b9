"""The sync fixtures (a bare remote, clones set up as a user would) for the security tests."""

from sync.conftest import _git_identity, make_clones

__all__ = ["_git_identity", "make_clones"]
