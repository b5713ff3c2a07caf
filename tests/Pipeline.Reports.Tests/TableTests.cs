using Pipeline.Reports.Results;
using Pipeline.Reports.Tables;

namespace Pipeline.Reports.Tests;

public sealed class TableTests(ReportedResults report) : IClassFixture<ReportedResults>
{
    private readonly ResultsFixture results = report.Results;

    [Fact]
    public void Table1_csv_has_ours_paper_difference_and_n_per_method_with_pending_and_failed_cells()
    {
        Assert.Equal("""
            block_size,shf_ours,shf_paper,shf_difference,shf_n,np_ours,np_paper,np_difference,np_n
            2,0.6600,0.6597,0.0003,2,0.6216,0.6216,0.0000,1
            4,0.6000,0.5941,0.0059,1,failed,0.5695,,0
            8,pending,0.4723,,0,pending,0.5173,,0
            baseline,0.7000,0.7080,-0.0080,1,0.7000,0.7080,-0.0080,1

            """.ReplaceLineEndings("\n"), results.Read("table1.csv"));
    }

    [Fact]
    public void Table1_markdown_shows_the_papers_values_beside_ours()
    {
        Assert.Equal("""
            # Table 1: mean IoU of the protected models with the correct key

            Ours beside the paper's (Ito, AprilPyone and Kiya, 2021); Δ = ours − paper. Where a cell has several keys, ours is their mean and n says how many.

            | M | SHF | SHF paper | SHF Δ | NP | NP paper | NP Δ |
            |---:|---:|---:|---:|---:|---:|---:|
            | 2 | 0.6600 (n=2) | 0.6597 | +0.0003 | 0.6216 | 0.6216 | +0.0000 |
            | 4 | 0.6000 | 0.5941 | +0.0059 | failed | 0.5695 | — |
            | 8 | pending | 0.4723 | — | pending | 0.5173 | — |

            Baseline (unprotected model, plain images): 0.7000; paper 0.7080; Δ -0.0080.

            """.ReplaceLineEndings("\n"), results.Read("table1.md"));
    }

    [Fact]
    public void Access_control_pools_incorrect_keys_over_the_cells_keys()
    {
        Assert.Equal("""
            method,block_size,state,keys,planned,correct,plain,incorrect_mean,incorrect_std,incorrect_min,incorrect_max,evaluated,requested
            shf,2,done,2,2,0.6600,0.0600,0.0500,0.0141,0.0200,0.0900,200,200
            shf,4,done,1,1,0.6000,0.1000,0.1500,0.0200,0.1000,0.2000,24,100
            shf,8,pending,0,1,,,,,,,,
            np,2,done,1,1,0.6216,0.3000,0.2500,0.0300,0.2000,0.3100,100,100
            np,4,failed,0,1,,,,,,,,
            np,8,pending,0,1,,,,,,,,

            """.ReplaceLineEndings("\n"), results.Read("access_control.csv"));
        var shf2 = AccessControl.From(new ResultsGrid(ResultsFolder.Load(results.Path).Jobs)).Rows[0];
        Assert.Equal(Math.Sqrt(0.0002), shf2.Incorrect!.Std, 12);
    }

    [Fact]
    public void Access_control_markdown_says_evaluated_of_requested_and_why_cells_are_empty()
    {
        Assert.Equal("""
            # Access control: mean IoU with the correct key, plain images and incorrect keys

            | Method | M | Keys | Correct key | Plain images | Incorrect keys (mean ± std) | Min | Max | Evaluated/requested |
            |---|---:|---:|---:|---:|---:|---:|---:|---:|
            | SHF | 2 | 2 | 0.6600 | 0.0600 | 0.0500 ± 0.0141 | 0.0200 | 0.0900 | 200/200 |
            | SHF | 4 | 1 | 0.6000 | 0.1000 | 0.1500 ± 0.0200 | 0.1000 | 0.2000 | 24/100 |
            | SHF | 8 | 0 of 1 | pending | pending | pending | pending | pending | pending |
            | NP | 2 | 1 | 0.6216 | 0.3000 | 0.2500 ± 0.0300 | 0.2000 | 0.3100 | 100/100 |
            | NP | 4 | 0 of 1 | failed | failed | failed | failed | failed | failed |
            | NP | 8 | 0 of 1 | pending | pending | pending | pending | pending | pending |

            """.ReplaceLineEndings("\n"), results.Read("access_control.md"));
    }

    [Theory]
    [InlineData(0.00004, "+0.0000")]
    [InlineData(-0.00004, "+0.0000")]
    [InlineData(-0.00951, "-0.0095")]
    [InlineData(0.12345, "+0.1235")]
    public void Differences_always_carry_a_sign_and_never_read_minus_zero(double value, string expected) =>
        Assert.Equal(expected, Numbers.Signed(value));

    [Fact]
    public void Methods_follow_the_papers_column_order() =>
        Assert.Equal(["shf", "np", "ffx", "zeta"], Pipeline.Method.Transforms.ProtectionMethod.Order(["zeta", "ffx", "baseline", "np", "shf", "np"]));
}
