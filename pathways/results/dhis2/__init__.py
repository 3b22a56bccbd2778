"""DHIS2: the project's figures as data values of a DHIS2 instance (mapping, payload, push)."""
