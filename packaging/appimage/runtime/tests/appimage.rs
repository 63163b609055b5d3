//! The runtime as a laptop runs it: real AppImages assembled as packaging/build-appimage.sh
//! does (this crate's runtime binary, the magic at offset 8, a squashfs made by Debian's
//! mksquashfs appended), started as processes with their own HOME. The AppDirs' AppRun is
//! a shell script that prints what it was given, so each test reads what the app would see.
//! Crafted images (escaping symlinks, a `..` entry, a device, a truncated file) must be
//! refused with nothing written outside the cache, and no AppDir left in it.

use std::fs;
use std::os::unix::fs::{symlink, PermissionsExt as _};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use tempfile::TempDir;
use tournee_appimage_runtime::cache::CACHE_SUBDIR;
use tournee_appimage_runtime::image::{Image, ImageError, Limits};

const RUNTIME: &str = env!("CARGO_BIN_EXE_tournee-appimage-runtime");

const APP_RUN: &str = r#"#!/bin/sh
printf 'APPIMAGE=%s\nAPPDIR=%s\nARGV0=%s\nOWD=%s\nFROM_CALLER=%s\n' "$APPIMAGE" "$APPDIR" "$ARGV0" "$OWD" "$FROM_CALLER"
for a in "$@"; do printf 'ARG=%s\n' "$a"; done
[ -e "$APPDIR/marker" ] && echo REUSED
cat "$APPDIR/usr/lib/data-link"
"#;

/// A scratch world: a HOME for the cache, a folder the app is started from, a folder
/// no image may write to.
struct World {
    dir: TempDir,
}

impl World {
    fn new() -> Self {
        let world = Self {
            dir: tempfile::tempdir().expect("temp dir"),
        };
        for sub in ["home", "cwd", "outside", "build"] {
            fs::create_dir(world.path(sub)).expect("world folder");
        }
        world
    }

    fn path(&self, sub: &str) -> PathBuf {
        self.dir.path().join(sub)
    }

    fn cache(&self) -> PathBuf {
        self.path("home").join(".cache").join(CACHE_SUBDIR)
    }

    /// A valid AppDir whose data file says `data`.
    fn appdir(&self, name: &str, data: &str) -> PathBuf {
        let dir = self.path("build").join(name);
        fs::create_dir_all(dir.join("usr/share")).expect("appdir");
        fs::create_dir_all(dir.join("usr/lib")).expect("appdir");
        fs::write(dir.join("AppRun"), APP_RUN).expect("AppRun");
        fs::set_permissions(dir.join("AppRun"), fs::Permissions::from_mode(0o755)).expect("chmod");
        fs::write(dir.join("usr/share/data.txt"), data).expect("data");
        symlink("../share/data.txt", dir.join("usr/lib/data-link")).expect("link");
        dir
    }

    /// The AppImage of `appdir`, as packaging/build-appimage.sh assembles it.
    fn appimage(&self, appdir: &Path, extra: &[&str]) -> PathBuf {
        let squashfs = appdir.with_extension("squashfs");
        mksquashfs(appdir, &squashfs, extra);
        let image = appdir.with_extension("AppImage");
        let mut bytes = fs::read(RUNTIME).expect("runtime");
        bytes[8..11].copy_from_slice(b"AI\x02");
        bytes.extend(fs::read(&squashfs).expect("squashfs"));
        fs::write(&image, bytes).expect("image");
        fs::set_permissions(&image, fs::Permissions::from_mode(0o755)).expect("chmod");
        image
    }

    /// Starts `image` from the `cwd` folder with this world's HOME.
    ///
    /// The image was just written by this process, whose other tests fork meanwhile: a
    /// child forked while the image's file was still open for writing holds that descriptor
    /// until it execs, and the kernel refuses to run a file open for writing (« Text file
    /// busy », seen once in CI). That lasts a fork's instant, so the start is tried again.
    fn run(&self, image: &Path, args: &[&str]) -> Output {
        let mut tries = 0;
        loop {
            let started = Command::new(image)
                .args(args)
                .current_dir(self.path("cwd"))
                .env("HOME", self.path("home"))
                .env_remove("XDG_CACHE_HOME")
                .env("FROM_CALLER", "kept")
                .output();
            match started {
                Err(e) if e.kind() == std::io::ErrorKind::ExecutableFileBusy && tries < 100 => {
                    tries += 1;
                    std::thread::sleep(std::time::Duration::from_millis(20));
                }
                started => return started.expect("start the AppImage"),
            }
        }
    }

    /// The cache's entries (versions and temporary folders), sorted.
    fn cached(&self) -> Vec<String> {
        let mut names: Vec<String> = match fs::read_dir(self.cache()) {
            Ok(dir) => dir
                .map(|e| e.expect("entry").file_name().into_string().expect("utf-8"))
                .collect(),
            Err(_) => Vec::new(),
        };
        names.sort();
        names
    }
}

fn mksquashfs(dir: &Path, out: &Path, extra: &[&str]) {
    let status = Command::new("mksquashfs")
        .arg(dir)
        .arg(out)
        .args([
            "-comp",
            "zstd",
            "-all-root",
            "-no-xattrs",
            "-noappend",
            "-no-progress",
            "-quiet",
        ])
        .args(extra)
        .stdout(std::process::Stdio::null())
        .status()
        .expect("mksquashfs (Debian's squashfs-tools, installed by scripts/prerequisites.sh)");
    assert!(status.success(), "mksquashfs failed");
}

fn stdout(output: &Output) -> String {
    assert!(
        output.status.success(),
        "the AppImage failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout.clone()).expect("utf-8")
}

fn line<'a>(out: &'a str, key: &str) -> &'a str {
    out.lines()
        .find_map(|l| l.strip_prefix(key).and_then(|l| l.strip_prefix('=')))
        .unwrap_or_else(|| panic!("no {key} in {out}"))
}

fn sha256(path: &Path) -> String {
    let out = Command::new("sha256sum")
        .arg(path)
        .output()
        .expect("sha256sum");
    String::from_utf8(out.stdout).expect("utf-8")[..64].to_string()
}

#[test]
fn an_appimage_runs_its_apprun_with_the_same_arguments_and_the_specification_s_variables() {
    let world = World::new();
    let image = world.appimage(&world.appdir("app", "hello from the image"), &[]);
    let out = stdout(&world.run(&image, &["two words", "--flag", ""]));

    assert_eq!(
        line(&out, "APPIMAGE"),
        image.canonicalize().unwrap().to_str().unwrap()
    );
    let appdir = world.cache().join(sha256(&image));
    assert_eq!(line(&out, "APPDIR"), appdir.to_str().unwrap());
    assert_eq!(line(&out, "ARGV0"), image.to_str().unwrap());
    assert_eq!(line(&out, "OWD"), world.path("cwd").to_str().unwrap());
    assert_eq!(
        line(&out, "FROM_CALLER"),
        "kept",
        "the caller's environment is passed on"
    );
    let args: Vec<&str> = out.lines().filter_map(|l| l.strip_prefix("ARG=")).collect();
    assert_eq!(args, ["two words", "--flag", ""]);
    assert!(
        out.ends_with("hello from the image"),
        "the symlink inside the AppDir works: {out}"
    );
    assert!(!out.contains("REUSED"));
    let mode = fs::metadata(world.cache()).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o700, "the cache is the user's own");
}

#[test]
fn a_second_start_reuses_the_unpacked_appdir_and_a_new_version_replaces_it() {
    let world = World::new();
    let first = world.appimage(&world.appdir("v1", "version one"), &[]);
    let appdir = PathBuf::from(line(&stdout(&world.run(&first, &[])), "APPDIR"));
    // Anything left in the AppDir is still there at the next start: it was not unpacked again.
    fs::write(appdir.join("marker"), "").unwrap();
    let out = stdout(&world.run(&first, &[]));
    assert!(out.contains("REUSED"), "{out}");
    assert_eq!(line(&out, "APPDIR"), appdir.to_str().unwrap());
    assert_eq!(world.cached(), [sha256(&first)]);

    // An update: another file, another digest, its own folder; the old version goes.
    let second = world.appimage(&world.appdir("v2", "version two"), &[]);
    let out = stdout(&world.run(&second, &[]));
    assert!(
        out.ends_with("version two") && !out.contains("REUSED"),
        "{out}"
    );
    assert_eq!(world.cached(), [sha256(&second)]);
}

#[test]
fn a_half_finished_unpack_is_never_used() {
    let world = World::new();
    let image = world.appimage(&world.appdir("app", "complete"), &[]);
    let digest = sha256(&image);
    // What a start killed during its unpack leaves: a temporary folder (with a runnable
    // AppRun already written) and, from an older runtime or a hand, a version folder
    // without its AppRun.
    let tmp = world.cache().join(".tmp-1-1");
    fs::create_dir_all(&tmp).unwrap();
    fs::write(tmp.join("AppRun"), "#!/bin/sh\necho HALF\n").unwrap();
    fs::set_permissions(tmp.join("AppRun"), fs::Permissions::from_mode(0o755)).unwrap();
    fs::create_dir_all(world.cache().join(&digest).join("usr")).unwrap();

    let out = stdout(&world.run(&image, &[]));
    assert!(!out.contains("HALF") && out.ends_with("complete"), "{out}");
    assert!(world
        .cache()
        .join(&digest)
        .join("usr/share/data.txt")
        .is_file());
    // The fresh temporary folder may be another start's: left alone until it is an hour old.
    assert_eq!(world.cached(), [".tmp-1-1".to_string(), digest]);
}

#[test]
fn appimage_extract_unpacks_into_squashfs_root_and_never_over_it() {
    let world = World::new();
    let image = world.appimage(&world.appdir("app", "extracted"), &[]);
    let out = stdout(&world.run(&image, &["--appimage-extract"]));
    let root = world.path("cwd").join("squashfs-root");
    assert_eq!(out.trim(), root.to_str().unwrap());
    assert_eq!(
        fs::read_to_string(root.join("usr/lib/data-link")).unwrap(),
        "extracted"
    );
    assert_eq!(
        fs::read_link(root.join("usr/lib/data-link")).unwrap(),
        Path::new("../share/data.txt")
    );
    assert_eq!(
        fs::metadata(root.join("AppRun"))
            .unwrap()
            .permissions()
            .mode()
            & 0o777,
        0o755
    );
    assert!(
        world.cached().is_empty(),
        "extracting does not fill the cache"
    );
    assert_eq!(
        fs::read_dir(world.path("cwd")).unwrap().count(),
        1,
        "no temporary folder left"
    );

    let pattern = world.run(&image, &["--appimage-extract", "usr/*"]);
    assert_eq!(pattern.status.code(), Some(127));
    assert!(String::from_utf8_lossy(&pattern.stderr).contains("takes no argument"));

    let again = world.run(&image, &["--appimage-extract"]);
    assert_eq!(again.status.code(), Some(127));
    assert!(String::from_utf8_lossy(&again.stderr).contains("squashfs-root already exists"));
}

#[test]
fn the_runtime_tells_its_version_and_where_the_image_starts() {
    let world = World::new();
    let image = world.appimage(&world.appdir("app", "x"), &[]);
    let version = stdout(&world.run(&image, &["--appimage-version"]));
    assert!(
        version.starts_with("tournee-appimage-runtime "),
        "{version}"
    );
    let offset = stdout(&world.run(&image, &["--appimage-offset"]));
    let runtime_len = fs::metadata(RUNTIME).unwrap().len();
    assert_eq!(
        offset.trim(),
        runtime_len.to_string(),
        "the squashfs starts where the runtime's ELF ends"
    );
    let unknown = world.run(&image, &["--appimage-mount"]);
    assert_eq!(unknown.status.code(), Some(127));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("unknown option"));
    assert!(
        world.cached().is_empty(),
        "none of these options unpacks anything"
    );
}

#[test]
fn the_bare_runtime_without_the_magic_refuses_to_start() {
    let world = World::new();
    let output = world.run(Path::new(RUNTIME), &[]);
    assert_eq!(output.status.code(), Some(127));
    assert!(String::from_utf8_lossy(&output.stderr).contains("no AppImage type-2 magic"));
}

/// Starts a crafted image and checks that it was refused with `reason`, and that nothing
/// landed outside nor stayed in the cache.
fn assert_refused(world: &World, image: &Path, reason: &str) {
    let output = world.run(image, &[]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(127), "refused: {stderr}");
    assert!(
        stderr.contains(reason),
        "expected « {reason} » in: {stderr}"
    );
    assert!(
        !String::from_utf8_lossy(&output.stdout).contains("APPDIR="),
        "AppRun never ran"
    );
    assert_eq!(
        fs::read_dir(world.path("outside"))
            .expect("outside folder")
            .count(),
        0,
        "nothing written outside"
    );
    assert!(
        world.cached().is_empty(),
        "no AppDir nor temporary folder left: {:?}",
        world.cached()
    );
}

#[test]
fn symlinks_leading_out_of_the_appdir_are_refused() {
    let world = World::new();
    let outside = world.path("outside");
    let escapes: [(&str, PathBuf); 3] = [
        ("absolute", outside.join("planted")),
        (
            "climbing",
            PathBuf::from("../../../../../../../..")
                .join(outside.strip_prefix("/").unwrap())
                .join("planted"),
        ),
        ("zigzag", PathBuf::from("../../usr/../../planted")),
    ];
    for (name, target) in escapes {
        let appdir = world.appdir(name, "x");
        symlink(&target, appdir.join("usr/share/evil")).unwrap();
        let image = world.appimage(&appdir, &[]);
        assert_refused(&world, &image, "leads out of the AppDir");
    }
}

#[test]
fn a_symlink_that_escapes_only_through_another_link_is_refused() {
    // `here -> .` is harmless, `up -> here/..` reads as « stay here » lexically, but
    // through `here` (the AppDir's root) its `..` is the folder above the AppDir.
    let world = World::new();
    let appdir = world.appdir("chain", "x");
    symlink(".", appdir.join("here")).unwrap();
    symlink("here/..", appdir.join("up")).unwrap();
    let image = world.appimage(&appdir, &[]);
    assert_refused(
        &world,
        &image,
        "symlink \"up\" -> \"here/..\" leads out of the AppDir",
    );

    let world = World::new();
    let appdir = world.appdir("loop", "x");
    symlink("b", appdir.join("a")).unwrap();
    symlink("a", appdir.join("b")).unwrap();
    let image = world.appimage(&appdir, &[]);
    assert_refused(&world, &image, "starts a loop of links");
}

#[test]
fn an_entry_named_dot_dot_is_refused() {
    // mksquashfs cannot name an entry `..`: name it `zq` with the directory table left
    // uncompressed (-noI), then rewrite those two bytes, as an attacker would.
    let world = World::new();
    let appdir = world.appdir("dotdot", "x");
    fs::write(appdir.join("zq"), "planted").unwrap();
    let squashfs = world.path("build").join("dotdot.raw");
    mksquashfs(&appdir, &squashfs, &["-noI"]);
    let mut bytes = fs::read(&squashfs).unwrap();
    let at: Vec<usize> = bytes
        .windows(2)
        .enumerate()
        .filter(|(_, w)| w == b"zq")
        .map(|(i, _)| i)
        .collect();
    assert_eq!(
        at.len(),
        1,
        "the name appears once in the uncompressed directory table"
    );
    bytes[at[0]..at[0] + 2].copy_from_slice(b"..");
    let mut image_bytes = fs::read(RUNTIME).unwrap();
    image_bytes[8..11].copy_from_slice(b"AI\x02");
    image_bytes.extend(bytes);
    let image = world.path("build").join("dotdot.AppImage");
    fs::write(&image, image_bytes).unwrap();
    fs::set_permissions(&image, fs::Permissions::from_mode(0o755)).unwrap();
    assert_refused(&world, &image, "no readable squashfs image");
    assert!(
        !world.path("home/.cache/tournee/zq").exists()
            && !world.path("home/.cache/tournee/planted").exists()
    );
}

#[test]
fn devices_are_refused_and_setuid_bits_dropped() {
    let world = World::new();
    let appdir = world.appdir("device", "x");
    // A pseudo-file definition makes a character device without being root.
    let image = world.appimage(&appdir, &["-p", "usr/null c 666 root root 1 3"]);
    assert_refused(&world, &image, "is a device, pipe or socket");

    let world = World::new();
    let appdir = world.appdir("setuid", "x");
    fs::write(appdir.join("usr/tool"), "#!/bin/sh\n").unwrap();
    fs::set_permissions(appdir.join("usr/tool"), fs::Permissions::from_mode(0o4755)).unwrap();
    let image = world.appimage(&appdir, &[]);
    let appdir = PathBuf::from(line(&stdout(&world.run(&image, &[])), "APPDIR"));
    assert_eq!(
        fs::metadata(appdir.join("usr/tool"))
            .unwrap()
            .permissions()
            .mode()
            & 0o7777,
        0o755
    );
}

#[test]
fn a_truncated_image_is_refused_and_leaves_nothing() {
    let world = World::new();
    let appdir = world.appdir("cut", "x");
    // Incompressible content, so that the squashfs is mostly data blocks.
    let mut state: u32 = 1;
    let noise: Vec<u8> = (0..200_000)
        .map(|_| {
            state = state.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            (state >> 16) as u8
        })
        .collect();
    fs::write(appdir.join("usr/share/noise.bin"), noise).unwrap();
    let image = world.appimage(&appdir, &[]);
    let bytes = fs::read(&image).unwrap();
    // Half the squashfs gone (its tables are at its end; mksquashfs pads the last 4 KiB).
    let offset = fs::metadata(RUNTIME).unwrap().len() as usize;
    fs::write(&image, &bytes[..offset + (bytes.len() - offset) / 2]).unwrap();
    assert_refused(&world, &image, "");
}

#[test]
fn an_image_larger_than_the_limits_is_refused_before_writing() {
    let world = World::new();
    let appdir = world.appdir("big", &"y".repeat(5000));
    let image = world.appimage(&appdir, &[]);
    let offset = fs::metadata(RUNTIME).unwrap().len();
    let dest = world.path("outside");
    let opened = Image::open(&image, offset).unwrap();
    let small = Limits {
        max_entries: 100,
        max_bytes: 1000,
    };
    assert!(matches!(
        opened.unpack(&dest, small),
        Err(ImageError::TooBig { max: 1000 })
    ));
    let few = Limits {
        max_entries: 3,
        max_bytes: 1 << 20,
    };
    assert!(matches!(
        opened.unpack(&dest, few),
        Err(ImageError::TooManyEntries { max: 3, .. })
    ));
    assert_eq!(fs::read_dir(&dest).unwrap().count(), 0, "nothing written");
}

#[test]
fn an_image_without_apprun_is_refused() {
    let world = World::new();
    let appdir = world.appdir("no-apprun", "x");
    fs::remove_file(appdir.join("AppRun")).unwrap();
    let image = world.appimage(&appdir, &[]);
    assert_refused(&world, &image, "no AppRun at its root");
}

#[test]
fn corrupted_images_are_refused_or_unpacked_inside_never_a_panic() {
    // An attacker's bytes anywhere in the squashfs (superblock, tables, data): the reader
    // must answer with an error or an AppDir inside the destination, never a crash.
    let world = World::new();
    let appdir = world.appdir("fuzz", "x");
    symlink("../AppRun", appdir.join("usr/app-link")).unwrap();
    let squashfs = world.path("build").join("fuzz.squashfs");
    mksquashfs(&appdir, &squashfs, &[]);
    let pristine = fs::read(&squashfs).unwrap();
    let mut state: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = |bound: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % bound as u64) as usize
    };
    let (mut refused, mut unpacked) = (0, 0);
    for round in 0..200 {
        let mut bytes = pristine.clone();
        for _ in 0..1 + next(4) {
            let at = match next(3) {
                0 => next(96),                                          // the superblock
                1 => bytes.len() - 1 - next(bytes.len().min(4096) - 1), // the tables, last
                _ => next(bytes.len()),
            };
            bytes[at] = next(256) as u8;
        }
        let image = world.path("build").join("corrupt.squashfs");
        fs::write(&image, &bytes).unwrap();
        let dest = world.path("build").join(format!("out-{round}"));
        fs::create_dir(&dest).unwrap();
        match Image::open(&image, 0).and_then(|i| i.unpack(&dest, Limits::default())) {
            Ok(()) => {
                assert_links_inside(&dest);
                unpacked += 1;
            }
            Err(_) => refused += 1,
        }
        fs::remove_dir_all(&dest).unwrap();
    }
    assert_eq!(fs::read_dir(world.path("outside")).unwrap().count(), 0);
    assert!(
        refused > 0,
        "some corruptions are detected ({unpacked} unpacked)"
    );
}

/// Every symlink under `root` that resolves at all resolves inside `root`.
fn assert_links_inside(root: &Path) {
    let root = root.canonicalize().expect("root");
    let mut todo = vec![root.clone()];
    while let Some(dir) = todo.pop() {
        for entry in fs::read_dir(&dir).expect("read dir") {
            let path = entry.expect("entry").path();
            let meta = fs::symlink_metadata(&path).expect("metadata");
            if meta.file_type().is_symlink() {
                if let Ok(resolved) = path.canonicalize() {
                    assert!(
                        resolved.starts_with(&root),
                        "{path:?} resolves to {resolved:?}"
                    );
                }
            } else if meta.is_dir() {
                todo.push(path);
            }
        }
    }
}
