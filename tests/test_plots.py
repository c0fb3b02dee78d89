def test_likert_figures_come_with_their_alt_text():
    from localwelfare import likertplot, perceptions

    answers = pd.DataFrame({"q1": [1, 2, 4, 5, 8], "q2": [4, 4, 5, 3, 2]})
    bars = perceptions.diverging_bar_data(perceptions.item_distribution(answers, ["q1", "q2"]))
    labels = likertplot.reverse_marked(["q1", "q2"], ["q2"])
    assert labels == {"q1": "q1", "q2": "q2 (R)"}
    fig, alt = likertplot.diverging_figure(bars, labels, "region")
    assert alt == likertplot.diverging_alt_text(bars, labels, group_name="region")
    means = pd.DataFrame(
        {
            "scale": ["trust", "trust"],
            "group": ["a", "b"],
            "mean": [3.0, 4.0],
            "ci_low": [2.5, 3.5],
            "ci_high": [3.5, 4.5],
        }
    )
    fig, alt = likertplot.group_means_figure(means, "region")
    assert alt == (
        "Mean scale scores by region with bootstrap confidence intervals. trust: highest b "
        "(4.00), lowest a (3.00)."
    )
    assert fig.axes[0].get_legend().get_title().get_text() == "region"
