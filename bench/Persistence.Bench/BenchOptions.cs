/// <summary>The benchmark's command line.</summary>
sealed class BenchOptions
{
    private static readonly string[] AllScenarios = ["sqlite", "sqlite-batch1", "sqlite-strict", "sqlite-strict-batch1", "postgres", "postgres-batch1", "replay", "postgres-replay"];

    public int Writers { get; private set; } = 64;
    public double Seconds { get; private set; } = 5;
    public int PayloadBytes { get; private set; } = 100;
    public int MaxBatchSize { get; private set; } = 512;
    public int ReplayEvents { get; private set; } = 1_000_000;
    public string? PostgresConnectionString { get; private set; } = Environment.GetEnvironmentVariable("ACTORS_TEST_POSTGRES");
    public List<string> Scenarios { get; } = [];

    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions();
        for (int i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "--writers": options.Writers = int.Parse(Next()); break;
                case "--seconds": options.Seconds = double.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture); break;
                case "--payload": options.PayloadBytes = int.Parse(Next()); break;
                case "--max-batch-size": options.MaxBatchSize = int.Parse(Next()); break;
                case "--replay-events": options.ReplayEvents = int.Parse(Next()); break;
                case "--postgres": options.PostgresConnectionString = Next(); break;
                case "all": options.Scenarios.AddRange(AllScenarios); break;
                case "-h" or "--help":
                    Console.WriteLine($"usage: Persistence.Bench [--writers N] [--seconds S] [--payload BYTES] [--max-batch-size N] [--replay-events N] [--postgres CONNSTR] [all | {string.Join(" | ", AllScenarios)}]...");
                    Environment.Exit(0);
                    break;
                default:
                    if (!AllScenarios.Contains(args[i]))
                    {
                        throw new ArgumentException($"Unknown argument '{args[i]}'; scenarios are: all, {string.Join(", ", AllScenarios)}.");
                    }

                    options.Scenarios.Add(args[i]);
                    break;
            }
        }

        if (options.Scenarios.Count == 0)
        {
            options.Scenarios.AddRange(["sqlite", "sqlite-batch1", "replay"]);
            if (options.PostgresConnectionString is not null)
            {
                options.Scenarios.AddRange(["postgres", "postgres-batch1", "postgres-replay"]);
            }
        }

        return options;
    }
}
