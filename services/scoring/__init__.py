"""Covenants, scoring sheets, verification, evidence files, Excel import and exports.

rules.py holds every rule about states and who may act; the other modules
load data, validate input and write, and ask rules.py before they change anything.
"""
