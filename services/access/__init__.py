"""Who may do what: accounts, passwords and logins, sessions, access codes, page roles and scope."""
