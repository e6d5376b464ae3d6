return ImplicitL1.Cli.CliApp.Run(args);
