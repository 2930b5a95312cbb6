using Actors.Benchmarks;
using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/Actors.Benchmarks -- --filter '*'      BenchmarkDotNet suites
// dotnet run -c Release --project bench/Actors.Benchmarks -- memory            heap cost of idle actors
// dotnet run -c Release --project bench/Actors.Benchmarks -- store-memory      store vs ConcurrentDictionary
// dotnet run -c Release --project bench/Actors.Benchmarks -- store-durable     acknowledged writes/s on SQLite (and PostgreSQL)
// dotnet run -c Release --project bench/Actors.Benchmarks -- store-recovery    recovery speed and allocation, 1M events
// dotnet run -c Release --project bench/Actors.Benchmarks -- store-footprint   heap of 1M keys vs a plain Dictionary
// dotnet run -c Release --project bench/Actors.Benchmarks -- store-sharding    the store's entry against a one-node Akka.Cluster.Sharding [seconds] [rounds]
// dotnet run -c Release --project bench/Actors.Benchmarks -- store-overload    working set of a bounded store at 10× load [seconds] [offered/s]
if (args is ["store-memory", ..])
{
    return await StoreThroughput.RunAsync();
}

if (args is ["store-durable", ..])
{
    return await StoreDurability.RunDurableAsync(args.Length > 1 ? args[1] : Environment.GetEnvironmentVariable("ACTORS_TEST_POSTGRES"));
}

if (args is ["store-recovery", ..])
{
    return await StoreDurability.RunRecoveryAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1_000_000);
}

if (args is ["store-footprint", ..])
{
    return await StoreFootprint.RunAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1_000_000);
}

if (args is ["store-overload", ..])
{
    return await StoreOverload.RunAsync(
        args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 30,
        args.Length > 2 ? double.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : null);
}

if (args is ["store-sharding", ..])
{
    return await StoreSharding.RunAsync(
        args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 5,
        args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 2);
}

if (args is ["memory", ..])
{
    return IdleActorMemory.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1_000_000);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
