"""The command line (`python -m manage ...`): above db/ and services/, which it uses."""
