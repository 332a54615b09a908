using System.CommandLine;

var root = new RootCommand("clinimg: ClinicalImaging from the terminal");
return await root.Parse(args).InvokeAsync().ConfigureAwait(false);
