using BenchmarkDotNet.Running;
using SchoolGate.Benchmarks.Planning;

// Gateway vs. bare broker: dotnet run -c Release --project tests/SchoolGate.Benchmarks -- --filter '*Ingestion*'
// Run all: dotnet run -c Release --project tests/SchoolGate.Benchmarks -- --filter '*'
// (the simulator's own top-level Program is visible here, hence the explicit type below)
BenchmarkSwitcher.FromAssembly(typeof(GovernorCaseBenchmark).Assembly).Run(args);
