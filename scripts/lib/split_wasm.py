#!/usr/bin/env python3
"""Trunk's post-build hook: splits the console's WASM so that pages load on first visit.

Trunk 0.21 builds one WASM module. The pages marked in frontend/src/pages/lazy.rs call into
split points (wasm_split_helpers); this hook cuts the module there, with the splitter that
cargo-leptos uses (wasm-split-cli, from the wasm_split_cli_support crate):

1. the module cargo linked (with relocations: .cargo/config.toml) is split into the main
   module, one chunk per page, chunks of code pages share, and `__wasm_split.js`, the loader;
2. wasm-bindgen binds the main module again (keeping the exports the chunks link to);
3. wasm-opt shrinks every module (trunk's own pass is off: data-wasm-opt="0" in index.html);
4. each chunk and the loader are named by a hash of their content (cached for ever, like
   trunk's files); the main module and its JS keep trunk's names and replace trunk's files;
5. index.html gets the new files' integrity hashes, and preloads the loader, which the main
   JS imports.

Usage (Trunk.toml): split_wasm.py OPT_LEVEL, e.g. `z`; the level is not used on debug builds.
"""

import base64
import concurrent.futures
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

LOADER = "__wasm_split.js"


def fail(message):
    print(f"split_wasm.py: {message}", file=sys.stderr)
    sys.exit(1)


def run(*args):
    result = subprocess.run(args, capture_output=True, text=True)
    if result.returncode != 0:
        fail(f"{args[0]} failed:\n{result.stdout}{result.stderr}")


def read(path):
    with open(path, "rb") as file:
        return file.read()


def write(path, data):
    with open(path, "wb") as file:
        file.write(data)


def integrity(data):
    return "sha384-" + base64.b64encode(hashlib.sha384(data).digest()).decode()


def hashed_name(name, data):
    """`chunk_7.wasm` -> `chunk_7-0123456789abcdef.wasm`: the server caches such names for ever."""
    stem, dot, extension = name.rpartition(".")
    return f"{stem}-{hashlib.sha256(data).hexdigest()[:16]}{dot}{extension}"


def cargo_wasm(profile):
    """The module cargo linked for trunk: target/wasm32-unknown-unknown/PROFILE/frontend.wasm."""
    metadata = subprocess.run(
        ["cargo", "metadata", "--format-version", "1", "--no-deps", "--offline"],
        capture_output=True,
        text=True,
    )
    if metadata.returncode != 0:
        fail(f"cargo metadata failed:\n{metadata.stderr}")
    target = json.loads(metadata.stdout)["target_directory"]
    return os.path.join(target, "wasm32-unknown-unknown", profile, "frontend.wasm")


def main():
    if len(sys.argv) != 2:
        fail("usage: split_wasm.py OPT_LEVEL")
    opt_level = sys.argv[1]
    release = os.environ.get("TRUNK_PROFILE") == "release"
    staging = os.environ.get("TRUNK_STAGING_DIR") or fail("TRUNK_STAGING_DIR is not set")
    public_url = os.environ.get("TRUNK_PUBLIC_URL", "/")
    # index.html's data-cargo-profile-release names the release profile.
    source = cargo_wasm("wasm-release" if release else "debug")

    bound = [name for name in os.listdir(staging) if re.fullmatch(r"frontend-[0-9a-f]+_bg\.wasm", name)]
    if len(bound) != 1:
        fail(f"expected one frontend-HASH_bg.wasm in {staging}, found {bound}")
    stem = bound[0][: -len("_bg.wasm")]

    work = tempfile.mkdtemp(prefix="snapdeck-split-")
    try:
        split = os.path.join(work, "split")
        run("wasm-split-cli", source, split, "--out-name", stem)
        bindgen = os.path.join(work, "bindgen")
        # The flags trunk gives wasm-bindgen, and the two a split module needs.
        run(
            "wasm-bindgen", "--target=web", "--no-typescript", "--keep-lld-exports",
            "--no-demangle", f"--out-dir={bindgen}", f"--out-name={stem}",
            os.path.join(split, f"{stem}.wasm"),
        )
        shutil.move(os.path.join(bindgen, f"{stem}_bg.wasm"), os.path.join(split, f"{stem}_bg.wasm"))
        os.remove(os.path.join(split, f"{stem}.wasm"))
        modules = [name for name in os.listdir(split) if name.endswith(".wasm")]
        if release:
            with concurrent.futures.ThreadPoolExecutor(os.cpu_count() or 1) as pool:
                paths = [os.path.join(split, name) for name in modules]
                # The largest (the main module) first: it alone takes most of the time.
                paths.sort(key=os.path.getsize, reverse=True)
                for future in [pool.submit(run, "wasm-opt", f"-O{opt_level}", path, f"--output={path}") for path in paths]:
                    future.result()

        # Chunks and the loader by content hash; the loader names the chunks, so it comes last.
        loader = read(os.path.join(split, LOADER)).decode()
        renamed = {}
        for name in sorted(modules):
            if name == f"{stem}_bg.wasm":
                continue
            data = read(os.path.join(split, name))
            renamed[name] = hashed_name(name, data)
            quoted = f'"./{name}"'
            if quoted not in loader:
                fail(f"{LOADER} does not name {name}")
            loader = loader.replace(quoted, f'"./{renamed[name]}"')
            write(os.path.join(staging, renamed[name]), data)
        loader_bytes = loader.encode()
        loader_name = hashed_name(LOADER, loader_bytes)
        write(os.path.join(staging, loader_name), loader_bytes)

        # The main JS imports the loader by its plain name; the import object's keys keep that
        # name, which is the WASM's import module.
        js = read(os.path.join(bindgen, f"{stem}.js")).decode()
        js, imports = re.subn(rf'(import \* as \w+ from )"\./{re.escape(LOADER)}"', rf'\1"./{loader_name}"', js)
        if imports == 0 and renamed:
            fail(f"{stem}.js does not import {LOADER}")
        js_bytes = js.encode()
        wasm_bytes = read(os.path.join(split, f"{stem}_bg.wasm"))
        write(os.path.join(staging, f"{stem}.js"), js_bytes)
        write(os.path.join(staging, f"{stem}_bg.wasm"), wasm_bytes)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    index_path = os.path.join(staging, "index.html")
    html = read(index_path).decode()
    for name, data in ((f"{stem}.js", js_bytes), (f"{stem}_bg.wasm", wasm_bytes)):
        pattern = rf'(href="{re.escape(public_url + name)}"[^>]*integrity=")[^"]*(")'
        html, count = re.subn(pattern, rf"\g<1>{integrity(data)}\g<2>", html)
        if count != 1:
            fail(f"index.html has no preload of {name} with an integrity to replace")
    if imports:
        preload = (
            f'<link rel="modulepreload" href="{public_url}{loader_name}" crossorigin="anonymous" '
            f'integrity="{integrity(loader_bytes)}">'
        )
        html = html.replace("</head>", preload + "</head>", 1)
    write(index_path, html.encode())
    print(f"split_wasm.py: {len(renamed)} chunks beside {stem}_bg.wasm ({len(wasm_bytes)} bytes)")


if __name__ == "__main__":
    main()
