"""The ``currentkit`` command line: a thin layer over the API, one module per subcommand group."""
