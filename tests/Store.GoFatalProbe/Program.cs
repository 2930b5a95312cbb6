using Actors.Store.Strategies;

// dotnet Store.GoFatalProbe.dll [writes|read-write|iterate-write] [--race]
return GoFaithfulDemo.RunChild(args);
