using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(ImplicitL1.Benchmarks.GradientStepBenchmarks).Assembly).Run(args);
