"""The command line: parsing arguments and running each verb."""
