"""Build a quotes model into a pip-installable spaCy pipeline package.

    python scripts/package_model.py OUTDIR [--model default] [--name quotes_news] [--version 0.1.0]

The pipeline is a blank English nlp, a sentencizer and the `quotes` component, saved with
`nlp.to_disk` to OUTDIR/pipeline (the component copies the model folder inside itself), then
`python -m spacy package` turns it into OUTDIR/packages/en_<name>-<version>/dist/*.tar.gz.
The package carries no code: its `quotes` factory comes from the installed `quotes` package
(spacy package lists it in the requirements), so `spacy.load("en_<name>")` needs `quotes`.
"""

import argparse
import subprocess
import sys
from pathlib import Path

import spacy

from quotes.pipeline import DEFAULT_MODEL


def save_pipeline(model: str, folder: Path, name: str, version: str) -> Path:
    """A blank English pipeline with the sentencizer and the `quotes` component, on disk."""
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("quotes", config={"model": model})
    nlp.meta.update(name=name, version=version, license="MIT",
                    description="Direct quotations, their cues and speakers in news text.")
    nlp.to_disk(folder)
    return folder


def build_package(output: Path, model: str = DEFAULT_MODEL, name: str = "quotes_news",
                  version: str = "0.1.0") -> Path:
    """Save the pipeline under `output` and package it; returns the sdist's path."""
    packages = output / "packages"
    packages.mkdir(parents=True, exist_ok=True)
    pipeline = save_pipeline(model, output / "pipeline", name, version)
    subprocess.run([sys.executable, "-m", "spacy", "package", str(pipeline), str(packages),
                    "--name", name, "--version", version, "--build", "sdist", "--force"],
                   check=True, capture_output=True, text=True)
    return packages / f"en_{name}-{version}" / "dist" / f"en_{name}-{version}.tar.gz"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("output", type=Path, help="folder for the pipeline and the package")
    parser.add_argument("--model", default=DEFAULT_MODEL, help="'default', 'rules' or a model folder")
    parser.add_argument("--name", default="quotes_news")
    parser.add_argument("--version", default="0.1.0")
    args = parser.parse_args()
    try:
        sdist = build_package(args.output, args.model, args.name, args.version)
    except subprocess.CalledProcessError as err:
        sys.exit(f"spacy package failed: {err.stderr.strip().splitlines()[-1]}")
    except ValueError as err:  # quotes.pipeline.ModelError among them
        sys.exit(str(err))
    print(sdist)


if __name__ == "__main__":
    main()
