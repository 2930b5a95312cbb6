using Actors.Benchmarks;
using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/Actors.Benchmarks -- --filter '*'      BenchmarkDotNet suites
// dotnet run -c Release --project bench/Actors.Benchmarks -- memory            heap cost of idle actors
// dotnet run -c Release --project bench/Actors.Benchmarks -- store-memory      store vs ConcurrentDictionary (issue 4)
if (args is ["store-memory", ..])
{
    return await StoreThroughput.RunAsync();
}

if (args is ["store-profile", ..])
{
    return StoreProfile.Run();
}

if (args is ["memory", ..])
{
    return IdleActorMemory.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1_000_000);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
