#!/usr/bin/env python3
"""Generate benchmark corpora of any size, and measure Markdown folders to calibrate them.

    python3 bench/corpus.py write DEST --shape briefing|blog --items N [--seed 1] [--profiles]
    python3 bench/corpus.py stats DIR [DIR ...]     # the statistics the blog shape is fitted to

The benchmark needs content that looks like what people build, and it must be
the project's own so that a fresh clone can run it (nothing read from outside
the repository, standard library only). Two shapes:

- `briefing`: short news items with people and topics drawn with a Zipf-like
  skew, Cyrillic and accented names (the corpus of the earlier benchmark
  tables: same seed, same files, so those figures stay comparable);
- `blog`: posts with the structure of real technical and project blogs: code
  spans and fenced blocks with languages, tables, nested lists, h2/h3 heading
  hierarchies with in-page links to them, link-heavy release notes, images,
  footnotes, block quotes, raw HTML, backslash escapes, strikethrough, HTML
  comments at the top, and a heavy-tailed length from a few hundred bytes to
  about 1 MB. Its mix was fitted to public blogs (docs/performance.md, "The
  corpora"); `stats` prints the same figures for any folder of Markdown, so
  the fit can be checked again.

Importable API (other tests use it): `write_corpus` and `bodies`. Same seed,
same bytes; a blog body depends only on the seed and its index, so
`bodies("blog", 10)` is a prefix of `bodies("blog", 1000)`.
"""

from __future__ import annotations

import argparse
import math
import random
import re
import statistics
import sys
import unicodedata
import zlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

SHAPES = ("briefing", "blog")

# The site both shapes are built with, by briefgen and (translated) by Hugo. No
# search index (Pagefind's cost is measured on its own), no feed per term
# (Hugo's site has one feed).
SITE_YAML = """title: Bench
per_page: 20
search: false
feed:
  terms: false
"""


@dataclass(frozen=True)
class Item:
    """One file of a corpus: where it goes under content/, its front matter lines, its body."""

    path: str
    front: tuple[str, ...]
    body: str

    def text(self) -> str:
        return "\n".join(("---", *self.front, "---")) + "\n\n" + self.body


def write_corpus(dest: Path, shape: str, items: int, seed: int = 1, profiles: bool = False) -> Path:
    """Write DEST/site.yaml and DEST/content/ for ITEMS items of SHAPE; return DEST."""
    content = dest / "content"
    for item in _items(shape, items, seed, profiles):
        path = content / item.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(item.text(), encoding="utf-8")
    dest.mkdir(parents=True, exist_ok=True)
    (dest / "site.yaml").write_text(SITE_YAML, encoding="utf-8")
    return dest


def bodies(shape: str, count: int, seed: int = 1) -> Iterator[str]:
    """The Markdown bodies of the first COUNT items of SHAPE (what write_corpus writes)."""
    for item in _items(shape, count, seed, profiles=False):
        if item.path.startswith("articles/"):
            yield item.body


def _items(shape: str, count: int, seed: int, profiles: bool) -> Iterator[Item]:
    if shape == "briefing":
        return _briefing_items(count, seed, profiles)
    if shape == "blog":
        return _blog_items(count, seed, profiles)
    raise ValueError(f"unknown corpus shape {shape!r} (known: {', '.join(SHAPES)})")


def yaml_str(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def yaml_list(items: Iterable[str]) -> str:
    return "[" + ", ".join(yaml_str(i) for i in items) + "]"


def slugify(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or f"item-{zlib.crc32(text.encode())}"


# -- briefing: ported from the team's make_corpus.py, draw for draw ----------------------------

def split_words(text: str) -> list[str]:
    return text.split()


REAL_PEOPLE = [
    "Sergei Lavrov", "Annalena Baerbock", "Jens Stoltenberg", "Vladimir Putin",
    "Volodymyr Zelenskyy", "Antony Blinken", "Dmitry Peskov", "Olaf Scholz",
    "Emmanuel Macron", "Recep Tayyip Erdoğan", "Maria Zakharova", "Sergei Shoigu",
    "Joe Biden", "Wendy Sherman", "Sergei Ryabkov", "Alexei Navalny",
    "Мария Захарова", "Dmytro Kuleba", "Boris Johnson", "Ursula von der Leyen",
    "Josep Borrell", "Aleksandr Lukashenko", "Kassym-Jomart Tokayev",
    "Zbigniew Rau", "Jüri Ratas", "Kaja Kallas", "Gabrielius Landsbergis",
]
FIRST = split_words("Aleksei Anna Boris Daria Dmitri Elena Fyodor Galina Igor Irina Ivan Katarzyna "
                    "Lars Marta Mikhail Natalia Oleg Olga Pavel Pyotr Roman Sofia Tatiana Viktor "
                    "Yulia Zoltán Ségolène Ingrid Tomás Łukasz")
LAST = split_words("Abramov Belova Chernov Dvorak Egorov Fedorova Gromov Horvath Ivanova Jankowski "
                   "Kovalenko Lebedev Morozova Nowak Orlov Petrenko Quist Romanova Sokolov Tkachenko "
                   "Usmanov Volkova Wójcik Yakovlev Zaitseva Müller Søndergaard Nagy Šimek Öztürk")
REAL_TOPICS = [
    "NATO", "Ukraine", "Security guarantees", "Sanctions", "Energy",
    "Nord Stream 2", "Arms control", "Cyber security", "Belarus", "Kazakhstan",
    "Cuba", "Venezuela", "OSCE", "NATO–Russia Council", "Baltic states",
    "Black Sea", "Crimea", "Donbas", "Human rights", "Media freedom",
    "Gas prices", "Diplomacy", "Military exercises", "Elections", "Economy",
]
TOPIC_WORDS = split_words("Arctic Grain Nuclear Naval Border Trade Pipeline Refugee Cyber Space Banking "
                          "Election Maritime Oil Wheat Treaty Missile Drone Satellite Currency")
TOPIC_TAILS = ["policy", "talks", "security", "crisis", "market", "dispute", "corridor", "reform"]
SOURCES = [
    ("Moscow Times", "https://www.themoscowtimes.com"), ("TASS", "https://tass.com"),
    ("Reuters", "https://www.reuters.com"), ("Meduza", "https://meduza.io"),
    ("Kyiv Independent", "https://kyivindependent.com"), ("RFE/RL", "https://www.rferl.org"),
    ("Kommersant", "https://www.kommersant.ru"), ("Le Monde", "https://www.lemonde.fr"),
]
SERIES = ["RUSSIALINK", "UKRAINELINK", "EUROPELINK", "ENERGYLINK"]
WORDS = split_words("the minister said talks would continue after officials met in Moscow on Tuesday "
                    "while allies warned that troop movements near the border could signal a new "
                    "escalation analysts expect further sanctions negotiations security proposals "
                    "written responses alliance government spokesman agency according to statement "
                    "week month pressure demands guarantees military deployment region council "
                    "meeting diplomats partners response concerns economy energy prices markets "
                    "parliament vote committee")


def zipf_pick(rng: random.Random, items: Sequence[str], k: int) -> list[str]:
    """K distinct items, index i weighted about 1/(i+1)."""
    chosen: set[str] = set()
    while len(chosen) < min(k, len(items)):
        chosen.add(items[min(int(rng.paretovariate(1.0)) - 1, len(items) - 1)]
                   if rng.random() < 0.7 else rng.choice(items))
    return sorted(chosen, key=items.index)


def sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(8, 22))]
    return words[0].capitalize() + " " + " ".join(words[1:]) + "."


def paragraph(rng: random.Random, people: Sequence[str]) -> str:
    parts = [sentence(rng) for _ in range(rng.randint(2, 5))]
    if people and rng.random() < 0.6:
        parts.insert(1, f"**{rng.choice(people)}** said the *talks* were “serious”.")
    if rng.random() < 0.3:
        parts.append(f"See [the statement](https://example.org/s/{rng.randint(1, 9999)}).")
    return " ".join(parts)


def briefing_body(rng: random.Random, people: Sequence[str]) -> str:
    blocks = [paragraph(rng, people) for _ in range(rng.randint(3, 7))]
    if rng.random() < 0.4:
        blocks.insert(2, "> " + sentence(rng))
    if rng.random() < 0.3:
        blocks.insert(3, "## Background")
        blocks.insert(4, "\n".join(f"- {sentence(rng)}" for _ in range(3)))
    return "\n\n".join(blocks) + "\n"


def _briefing_names(rng: random.Random, count: int) -> tuple[list[str], list[str]]:
    n_people = max(30, count // 5)
    people = REAL_PEOPLE + [f"{rng.choice(FIRST)} {rng.choice(LAST)}" for _ in range(n_people)]
    n_topics = max(25, count // 50)
    topics = REAL_TOPICS + [f"{rng.choice(TOPIC_WORDS)} {rng.choice(TOPIC_TAILS)}"
                            for _ in range(n_topics)]
    return list(dict.fromkeys(people)), list(dict.fromkeys(topics))


def _briefing_item(rng: random.Random, people: list[str], topics: list[str], seen: set[str]) -> Item:
    who = zipf_pick(rng, people, rng.randint(1, 4))
    what = zipf_pick(rng, topics, rng.randint(1, 3))
    source, site = rng.choice(SOURCES)
    series = rng.choice(SERIES)
    title = f"{who[0]} on {what[0]}: " + sentence(rng)[:60].rstrip(" .")
    day = f"{rng.randint(2019, 2026)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    slug = slugify(title)[:70].strip("-")
    while slug in seen:
        slug += "-2"
    seen.add(slug)
    front = [
        f"title: {yaml_str(title)}",
        f"date: {day}",
        f"source: {yaml_str(source)}",
        f"source_url: {site}/{day.replace('-', '/')}/{slug}",
        f"series: {series}",
        f"people: {yaml_list(who)}",
        f"topics: {yaml_list(what)}",
        f"summary: {yaml_str(sentence(rng))}",
    ]
    if rng.random() < 0.2:
        front.append(f"also_appeared_at: [https://example.net/{slug}]")
    if rng.random() < 0.2:
        front.append(f"image: {{src: /media/{slug}.jpg, alt: {yaml_str(who[0] + ' file photo')}}}")
    return Item(f"articles/{day[:4]}/{day[5:7]}/{slug}.md", tuple(front), briefing_body(rng, who))


def _briefing_items(count: int, seed: int, profiles: bool) -> Iterator[Item]:
    rng = random.Random(seed)
    people, topics = _briefing_names(rng, count)
    seen: set[str] = set()
    for _ in range(count):
        yield _briefing_item(rng, people, topics, seen)
    if profiles:
        for kind, names in (("people", people), ("topics", topics)):
            for name in names[: max(5, len(names) // 5)]:
                front = [f"name: {yaml_str(name)}"]
                if kind == "people":
                    front.append(f"aliases: {yaml_list([name.split()[-1]])}")
                yield Item(f"{kind}/{slugify(name)}.md", tuple(front), paragraph(rng, []) + "\n")


# -- blog: posts with the structure of real technical and project blogs --------------------

@dataclass(frozen=True)
class BlogMix:
    """How often each construct appears: the fraction of posts that have it (fitted, see
    docs/performance.md, "The corpora"), and the length distribution."""

    release: float = 0.36  # long, link-heavy release notes (a changelog of commits)
    fence: float = 0.35  # release notes: RELEASE_FENCE
    span: float = 0.70
    table: float = 0.02
    footnote: float = 0.03
    image: float = 0.03
    html: float = 0.09
    comment: float = 0.01
    quote: float = 0.09
    backslash: float = 0.05  # besides release notes, which escape their brackets
    strike: float = 0.01
    nested: float = 0.25
    anchor: float = 0.03
    median_bytes: float = 4300.0  # log-normal length: median and sigma, clamped to the bounds
    sigma: float = 1.2
    release_longer: float = 1.6  # release notes are longer than other posts (Node.js: p50 7.6 KB)
    huge: float = 0.001  # and a tail: this fraction of posts log-uniform from 200 KB to max_bytes
    min_bytes: int = 300
    max_bytes: int = 1_000_000


MIX = BlogMix()
TECH = split_words("the compiler now checks each module before it links the crate so that builds "
                   "fail early with a clear message this release improves performance of the parser "
                   "and the runtime while keeping compatibility with older versions users can enable "
                   "the feature flag in their configuration file we thank every contributor who "
                   "tested nightly builds reported issues and reviewed pull requests the team plans "
                   "to stabilise the new API next cycle after the survey results documentation "
                   "examples package manager dependency update security fix memory allocation error "
                   "handling async functions generic types standard library tooling editor support")
IDENTS = split_words("Vec::new HashMap fmt.Println async_fn --release cargo build go.mod npm install "
                     "Option<T> impl Trait self.value config.toml node:test process.env "
                     "String::from_utf8 io.Reader --features unsafe")
AUTHORS = ("Ana Lima", "Ben Okafor", "Chen Wei", "Dana Kovač", "Eli Grossman", "Fatima Zahra",
           "Gustavo Reis", "Hannah Møller", "Ivo Petrov", "Jun Tanaka", "Kai Müller", "Léa Dubois")
TAGS = ("release", "security", "community", "compiler", "tooling", "performance", "survey",
        "announcements", "docs", "governance", "WebAssembly", "async", "cargo", "modules",
        "testing", "events", "LTS", "vulnerability", "weekly", "roadmap", "editions", "diagnostics")
LANGS = (("rust", 6), ("go", 3), ("sh", 4), ("console", 3), ("js", 4), ("toml", 2),
         ("json", 2), ("yaml", 1), ("python", 1), ("text", 2), ("diff", 1), ("c", 1),
         ("html", 1), ("", 3))
AREAS = split_words("build crypto deps doc fs http lib module net src stream test tools util v8 "
                    "worker")
HTML_BITS = ("<br>", "<kbd>Ctrl</kbd>+<kbd>C</kbd>", "<sup>1</sup>", "<abbr title=\"Long\">L</abbr>")


class BlogPost:
    """One post, built block by block until it reaches its drawn length."""

    def __init__(self, rng: random.Random, mix: BlogMix = MIX) -> None:
        self.rng, self.mix = rng, mix
        self.release = rng.random() < mix.release
        self.has = {key: rng.random() < getattr(mix, key) for key in (
            "fence", "span", "table", "footnote", "image", "html", "comment", "quote",
            "backslash", "strike", "nested", "anchor")}
        if self.release:
            self.has["backslash"] = rng.random() < 0.9
            self.has["fence"] = rng.random() < 0.8
        size = rng.lognormvariate(math.log(mix.median_bytes), mix.sigma)
        if rng.random() < mix.huge:
            size = math.exp(rng.uniform(math.log(200_000), math.log(mix.max_bytes)))
        if self.release:
            size *= mix.release_longer
        self.target = int(min(mix.max_bytes, max(mix.min_bytes, size)))
        self.blocks: list[str] = []
        self.size = 0
        self.slugs: list[str] = []
        self.notes = 0

    def add(self, block: str) -> None:
        self.blocks.append(block)
        self.size += len(block.encode()) + 2

    def words(self, lo: int, hi: int) -> str:
        return " ".join(self.rng.choice(TECH) for _ in range(self.rng.randint(lo, hi)))

    def inline(self) -> str:
        """A short phrase with one inline construct, as this post allows."""
        rng, has = self.rng, self.has
        pick = rng.random()
        if has["span"] and pick < 0.35:
            return f"`{rng.choice(IDENTS)}`"
        if pick < 0.62:
            return f"[{self.words(1, 4)}](https://example.org/{self.words(1, 2).replace(' ', '-')})"
        if has["backslash"] and pick < 0.62:
            return rng.choice((r"\*not emphasis\*", r"C:\\Users\\dev", r"a\_b", r"\#1234"))
        if has["strike"] and pick < 0.66:
            return f"~~{self.words(1, 3)}~~"
        if has["html"] and pick < 0.7:
            return rng.choice(HTML_BITS)
        if has["anchor"] and self.slugs and pick < 0.75:
            return f"[see above](#{rng.choice(self.slugs)})"
        if has["footnote"] and pick < 0.8:
            self.notes += 1
            return f"claim[^{self.notes}]"
        return rng.choice(("**important**", "*really*", "“quoted”", "— an aside —", "🎉"))

    def sentence(self) -> str:
        parts = [self.words(4, 14)]
        if self.rng.random() < 0.7:
            parts.append(self.inline())
            parts.append(self.words(2, 8))
        text = " ".join(parts)
        return text[0].upper() + text[1:] + "."

    def paragraph(self) -> str:
        return " ".join(self.sentence() for _ in range(self.rng.randint(1, 5)))

    def heading(self, level: int) -> str:
        title = self.words(2, 6).capitalize()
        if self.has["span"] and self.rng.random() < 0.2:
            title += f" `{self.rng.choice(IDENTS)}`"
        self.slugs.append(slugify(title))
        return "#" * level + " " + title

    def fence(self, indent: str = "") -> str:
        rng = self.rng
        lang = rng.choices([lang for lang, _ in LANGS], [w for _, w in LANGS])[0]
        mark = "~~~" if rng.random() < 0.05 else "```"
        esc = "\\n" if self.has["backslash"] else ""  # a backslash in code is one too, to a scanner
        lines = []
        for _ in range(rng.randint(2, 24)):
            depth = "    " * rng.randint(0, 2)
            lines.append(rng.choice((
                f'{depth}let {rng.choice(TECH)} = "{self.words(1, 3)}{esc}";',
                f"{depth}fn {rng.choice(TECH)}(x: &str) -> Result<(), Error> {{",
                f"{depth}if err != nil {{ return fmt.Errorf(\"%w\", err) }}",
                f"$ {rng.choice(IDENTS)} {rng.choice(TECH)}", f"{depth}}}",
                f"{depth}// {self.words(3, 9)}", f"{depth}<div class=\"x\">{rng.choice(TECH)}</div>",
                f"{depth}- {rng.choice(TECH)}: {rng.randint(1, 99)}", f"{depth}*ptr = a[i] | b_c;")))
        body = "\n".join(indent + line if line else line for line in lines)
        return f"{indent}{mark}{lang}\n{body}\n{indent}{mark}"

    def table(self) -> str:
        cols = self.rng.randint(2, 5)
        rows = [" | ".join(self.words(1, 2) for _ in range(cols))]
        rows.append(" | ".join(self.rng.choice(("---", ":---", ":---:", "---:")) for _ in range(cols)))
        for _ in range(self.rng.randint(2, 12)):
            cells = [self.inline() if self.rng.random() < 0.3 else self.words(1, 3) for _ in range(cols)]
            rows.append(" | ".join(cell.replace("|", "\\|") for cell in cells))
        return "\n".join(f"| {row} |" for row in rows)

    def listing(self) -> str:
        rng = self.rng
        ordered = rng.random() < 0.3
        lines = []
        for n in range(1, rng.randint(2, 8) + 1):
            lines.append(f"{n}. " if ordered else "- ")
            lines[-1] += self.sentence()
            if self.has["nested"] and rng.random() < 0.4:
                pad = "   " if ordered else "  "
                lines += [f"{pad}- {self.sentence()}" for _ in range(rng.randint(1, 3))]
                if rng.random() < 0.3:
                    lines.append(f"{pad}  * {self.sentence()}")
            if self.has["fence"] and rng.random() < 0.05:
                lines.append("\n" + self.fence("   " if ordered else "  ") + "\n")
        return "\n".join(lines)

    def quote(self) -> str:
        lines = [f"> {self.sentence()}" for _ in range(self.rng.randint(1, 4))]
        if self.rng.random() < 0.2:
            lines += [">", f"> - {self.sentence()}", f"> - {self.sentence()}"]
        return "\n".join(lines)

    def image(self) -> str:
        name = self.words(1, 2).replace(" ", "-")
        src = self.rng.choice((f"{name}.png", f"images/{name}.svg", f"/images/2024/{name}.jpg",
                               f"https://cdn.example.org/{name}.png"))
        if self.has["html"] and self.rng.random() < 0.3:
            return f'<img src="{src}" alt="{self.words(2, 5)}" width="600">'
        return f"![{self.words(2, 6)}]({src})"

    def html_block(self) -> str:
        if self.rng.random() < 0.8:
            return (f"<details>\n<summary>{self.words(2, 5)}</summary>\n\n{self.paragraph()}\n\n"
                    "</details>")
        return f'<div align="center">\n  <img src="images/{self.rng.choice(TECH)}.png">\n</div>'

    def block(self) -> str:
        """One block of a technical or news post, drawn from what this post has."""
        rng, has = self.rng, self.has
        choices: list[tuple[str, float]] = [("p", 10.0), ("list", 2.0)]
        for key, weight in (("fence", 3.0), ("table", 0.4), ("quote", 0.6), ("image", 0.6),
                            ("html", 0.3)):
            if has[key]:
                choices.append((key, weight))
        kind = rng.choices([k for k, _ in choices], [w for _, w in choices])[0]
        make = {"p": self.paragraph, "list": self.listing, "fence": self.fence, "table": self.table,
                "quote": self.quote, "image": self.image, "html": self.html_block}[kind]
        return make()

    def commit(self) -> str:
        rng = self.rng
        sha = f"{rng.getrandbits(40):010x}"
        label = f"`{sha}`" if self.has["span"] else sha
        link = f"[{label}](https://github.com/example/project/commit/{sha})"
        link = f"\\[{link}]" if self.has["backslash"] else link
        pr = rng.randint(1000, 60000)
        return (f"- {link} - **{rng.choice(AREAS)}**: {self.words(3, 10)} ({rng.choice(AUTHORS)}) "
                f"[#{pr}](https://github.com/example/project/pull/{pr})")

    def release_notes(self, room: int) -> None:
        """A changelog as project blogs publish it: notable changes, then every commit."""
        rng = self.rng
        major, minor = rng.randint(0, 24), rng.randint(0, 40)
        self.add(f"## {rng.randint(2012, 2026)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}, "
                 f"Version {major}.{minor}.{rng.randint(0, 9)} (Current), @{rng.choice(TECH)}")
        if room > 2500:
            self.add("### Notable Changes")
            while self.size < room * 0.15:
                self.add(self.heading(4) if rng.random() < 0.3 else self.block())
        self.add("### Commits")
        lines: list[str] = []
        size = self.size
        while size < room or not lines:
            lines.append(self.commit())
            size += len(lines[-1]) + 1
        self.add("\n".join(lines))

    def sections(self, room: int) -> None:
        """An intro, then h2 sections (some with h3 subsections) of blocks."""
        rng = self.rng
        for _ in range(rng.randint(1, 3)):
            self.add(self.paragraph())
        while self.size < room:
            self.add(self.heading(2))
            for level in ([3] * rng.randint(1, 3) if rng.random() < 0.3 else [0]):
                if level:
                    self.add(self.heading(level))
                for _ in range(rng.randint(3, 7) + self.target // 5000):
                    self.add(self.block())

    def required(self) -> list[str]:
        """One block of each construct this post has and its random blocks may not have drawn."""
        has, out = self.has, []
        makers = (("fence", self.fence), ("table", self.table), ("quote", self.quote),
                  ("image", self.image), ("html", self.html_block), ("nested", self.listing))
        for key, make in makers:
            if has[key]:
                out.append(make())
        inline = [("span", f"`{self.rng.choice(IDENTS)}`"), ("strike", f"~~{self.words(1, 2)}~~"),
                  ("backslash", r"\*literal asterisks\*"), ("footnote", "")]
        for key, text in inline:
            if has[key]:
                if key == "footnote":
                    self.notes += 1
                    text = f"a source[^{self.notes}]"
                out.append(f"{self.words(3, 8).capitalize()} {text} {self.words(2, 6)}.")
        return out

    def render(self) -> str:
        rng, has = self.rng, self.has
        if has["comment"]:
            self.add(rng.choice(("<!-- markdownlint-disable MD033 -->",
                                 "<!-- markdownlint-disable-next-line MD013 -->",
                                 "<!-- TODO: link the announcement once published -->")))
        extra = self.required()
        room = self.target - sum(len(b.encode()) + 2 for b in extra)
        if self.release:
            self.release_notes(room)
        else:
            self.sections(room)
        for block in extra:
            self.blocks.insert(rng.randint(1 if has["comment"] else 0, len(self.blocks)), block)
        if has["anchor"]:
            if not self.slugs:
                self.blocks.append(self.heading(2))
            where = rng.choice(self.slugs)
            self.blocks.insert(1, f"Skip to [{where.replace('-', ' ')}](#{where}) if you are in a hurry.")
        self.blocks += [f"[^{n}]: {self.sentence()}" for n in range(1, self.notes + 1)]
        return "\n\n".join(self.blocks) + "\n"


def blog_body(seed: int, index: int) -> str:
    """The body of blog item INDEX: depends only on SEED and INDEX."""
    return BlogPost(random.Random(f"blog-body-{seed}-{index}")).render()


def unique_title(title: str, seen: set[str]) -> tuple[str, str]:
    """TITLE, numbered if its slug is taken (an item's URL comes from its title, and two
    items may not share one), and its file name: the slug's first 60 characters."""
    candidate, n = title, 1
    while slugify(candidate) in seen or slugify(candidate)[:60].strip("-") in seen:
        n += 1
        candidate = f"{title} {n}"
    name = slugify(candidate)[:60].strip("-")
    seen.update((slugify(candidate), name))
    return candidate, name


def _blog_items(count: int, seed: int, profiles: bool) -> Iterator[Item]:
    rng = random.Random(f"blog-names-{seed}")
    tags = list(TAGS) + [f"{rng.choice(TOPIC_WORDS)} {rng.choice(TECH)}" for _ in range(count // 40)]
    authors = list(AUTHORS) + [f"{rng.choice(FIRST)} {rng.choice(LAST)}" for _ in range(count // 30)]
    tags, authors = list(dict.fromkeys(tags)), list(dict.fromkeys(authors))
    seen: set[str] = set()
    for i in range(count):
        front_rng = random.Random(f"blog-front-{seed}-{i}")
        title = " ".join(front_rng.choice(TECH) for _ in range(front_rng.randint(3, 9))).capitalize()
        day = (f"{front_rng.randint(2012, 2026)}-{front_rng.randint(1, 12):02d}-"
               f"{front_rng.randint(1, 28):02d}")
        title, slug = unique_title(title, seen)
        who = zipf_pick(front_rng, authors, front_rng.choice((0, 1, 1, 1, 2)))
        front = [f"title: {yaml_str(title)}", f"date: {day}",
                 f"topics: {yaml_list(zipf_pick(front_rng, tags, front_rng.randint(1, 3)))}"]
        if who:
            front.append(f"people: {yaml_list(who)}")
        yield Item(f"articles/{day[:4]}/{slug}.md", tuple(front), blog_body(seed, i))
    if profiles:
        for kind, names in (("people", authors), ("topics", tags)):
            for name in names[: max(5, len(names) // 5)]:
                yield Item(f"{kind}/{slugify(name)}.md", (f"name: {yaml_str(name)}",),
                           paragraph(rng, []) + "\n")


# -- stats: what the blog shape is fitted to ------------------------------------------------

FRONT = re.compile(r"\A(?:---[ \t]*\n.*?\n---[ \t]*\n|\+\+\+[ \t]*\n.*?\n\+\+\+[ \t]*\n)", re.S)
FENCE = re.compile(r"^([ \t>]*)(`{3,}|~{3,})[^\n]*\n.*?(?:^\1?[ \t]*\2[`~]*[ \t]*$|\Z)", re.S | re.M)
FENCE_OPEN = re.compile(r"^[ \t>]*(?:`{3,}|~{3,})", re.M)
CODE_SPAN = re.compile(r"(`+)[^`\n]+?\1")
TABLE_DELIM = re.compile(r"^[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)+\|?[ \t]*$", re.M)
FOOTNOTE = re.compile(r"\[\^[^\]\s]+\]")
IMAGE = re.compile(r"!\[|<img\b", re.I)
HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>|<!--")
COMMENT_TOP = re.compile(r"\A\s*<!--")
QUOTE = re.compile(r"^ {0,3}>", re.M)
STRIKE = re.compile(r"~~[^~\s]")
HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]", re.M)
NESTED = re.compile(r"^(?: {2,}|\t)(?:[-*+]|\d+[.)])[ \t]", re.M)
ANCHOR = re.compile(r"\]\(#")
LINK = re.compile(r"\]\([^)\s]|^ {0,3}\[[^\]]+\]:[ \t]*\S|<https?://|href=", re.M)
MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdx")

# (label, test on (body, body without fenced blocks, prose without code spans either))
FEATURES: tuple[tuple[str, str], ...] = (
    ("fenced code", "fence"), ("code spans", "span"), ("tables", "table"),
    ("footnotes", "footnote"), ("images", "image"), ("raw HTML", "html"),
    ("HTML comment at top", "comment"), ("block quotes", "quote"),
    ("backslashes", "backslash"), ("strikethrough", "strike"),
    ("nested lists", "nested"), ("in-page anchor links", "anchor"),
)


def strip_front_matter(text: str) -> str:
    return FRONT.sub("", text.replace("\r\n", "\n"), count=1)


def body_features(body: str) -> dict[str, float]:
    """The per-body figures `stats` aggregates: flags (0/1), links and headings."""
    prose = FENCE.sub("", body)
    plain = CODE_SPAN.sub("", prose)
    return {
        "fence": float(bool(FENCE_OPEN.search(body))),
        "span": float(bool(CODE_SPAN.search(prose))),
        "table": float(bool(TABLE_DELIM.search(prose))),
        "footnote": float(bool(FOOTNOTE.search(plain))),
        "image": float(bool(IMAGE.search(plain))),
        "html": float(bool(HTML_TAG.search(plain))),
        "comment": float(bool(COMMENT_TOP.match(body))),
        "quote": float(bool(QUOTE.search(prose))),
        "backslash": float("\\" in body),
        "strike": float(bool(STRIKE.search(plain))),
        "nested": float(bool(NESTED.search(prose))),
        "anchor": float(bool(ANCHOR.search(plain))),
        "links": float(len(LINK.findall(plain))),
        "headings": float(len(HEADING.findall(prose))),
    }


def markdown_bodies(folders: Iterable[Path]) -> Iterator[str]:
    """The non-empty bodies (front matter removed) of every Markdown file under FOLDERS."""
    for folder in folders:
        files = [folder] if folder.is_file() else sorted(folder.rglob("*"))
        for path in files:
            if path.suffix.lower() in MARKDOWN_SUFFIXES and path.is_file():
                body = strip_front_matter(path.read_text(encoding="utf-8", errors="replace"))
                if body.strip():
                    yield body


def percentile(sorted_values: Sequence[int], q: float) -> int:
    """The nearest-rank Q-quantile of SORTED_VALUES."""
    return sorted_values[max(0, math.ceil(q * len(sorted_values)) - 1)]


def corpus_stats(texts: Iterable[str]) -> dict[str, float]:
    """Length percentiles, fraction of bodies with each feature, links per KB, headings per body."""
    sizes: list[int] = []
    totals: dict[str, float] = {}
    headings: list[float] = []
    for body in texts:
        sizes.append(len(body.encode()))
        figures = body_features(body)
        headings.append(figures["headings"])
        for key, value in figures.items():
            totals[key] = totals.get(key, 0.0) + value
    if not sizes:
        return {}
    sizes.sort()
    out: dict[str, float] = {"bodies": len(sizes), "bytes": sum(sizes)}
    for q in (0.1, 0.5, 0.9, 0.99):
        out[f"p{round(q * 100)}"] = percentile(sizes, q)
    out["max"] = sizes[-1]
    for _, key in FEATURES:
        out[key] = totals[key] / len(sizes)
    out["links/KB"] = totals["links"] / (sum(sizes) / 1024)
    out["headings mean"] = statistics.fmean(headings)
    out["headings median"] = statistics.median(headings)
    return out


def stats_table(columns: Sequence[tuple[str, dict[str, float]]]) -> str:
    """A Markdown table: one row per statistic, one column per corpus."""
    def size(v: float) -> str:
        return f"{v / 1024:.1f} KB" if v < 1024 * 1024 else f"{v / 2**20:.2f} MB"

    rows: list[tuple[str, str, object]] = [
        ("bodies", "bodies", lambda v: f"{v:,.0f}"), ("Markdown", "bytes", size),
        *((f"length p{q}", f"p{q}", size) for q in (10, 50, 90, 99)), ("length max", "max", size),
        *((f"with {label}", key, lambda v: f"{v:.0%}") for label, key in FEATURES),
        ("links per KB", "links/KB", lambda v: f"{v:.2f}"),
        ("headings per body (mean / median)", "headings mean", None),
    ]
    head = "| statistic | " + " | ".join(name for name, _ in columns) + " |"
    lines = [head, "|---" * (len(columns) + 1) + "|"]
    for label, key, fmt in rows:
        cells = []
        for _, figures in columns:
            if not figures:
                cells.append("—")
            elif fmt is None:
                cells.append(f"{figures['headings mean']:.1f} / {figures['headings median']:.0f}")
            else:
                cells.append(fmt(figures[key]))  # type: ignore[operator]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


# -- command line -----------------------------------------------------------------------------

def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    sub = ap.add_subparsers(dest="command", required=True)
    write = sub.add_parser("write", help="write a corpus: DEST/site.yaml and DEST/content/")
    write.add_argument("dest", type=Path)
    write.add_argument("--shape", choices=SHAPES, default="briefing")
    write.add_argument("--items", type=int, default=1000)
    write.add_argument("--seed", type=int, default=1)
    write.add_argument("--profiles", action="store_true", help="profiles for a fifth of the names")
    stats = sub.add_parser("stats", help="print the statistics of folders of Markdown")
    stats.add_argument("folders", type=Path, nargs="+")
    stats.add_argument("--generated", metavar="N", type=int, default=0,
                       help="add a column for N generated blog bodies (seed 1)")
    a = ap.parse_args(argv)
    if a.command == "write":
        write_corpus(a.dest, a.shape, a.items, a.seed, a.profiles)
        print(f"wrote {a.items} {a.shape} items to {a.dest / 'content'}")
        return 0
    columns = [(folder.name or str(folder), corpus_stats(markdown_bodies([folder])))
               for folder in a.folders]
    if len(columns) > 1:
        columns.append(("all", corpus_stats(markdown_bodies(a.folders))))
    if a.generated:
        columns.append((f"blog ({a.generated:,})", corpus_stats(bodies("blog", a.generated))))
    print(stats_table(columns))
    return 0


if __name__ == "__main__":
    sys.exit(main())
