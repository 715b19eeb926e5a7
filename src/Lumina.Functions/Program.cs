using Lumina.Functions.Cli;

return await LuminaCli.RunAsync(args);
