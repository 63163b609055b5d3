//! Where the runtime's own ELF ends, hence where the appended squashfs starts.
//!
//! An AppImage of type 2 is this runtime's ELF file with the AppDir's squashfs appended.
//! The linker puts the section header table last, so the ELF ends at
//! `e_shoff + e_shnum × e_shentsize` (what the official runtime computes too);
//! `packaging/build-appimage.sh` checks that the runtime file ends exactly there before
//! appending. The magic `AI\x02` at offset 8 (the ELF identification's padding, ignored
//! by the kernel) says « AppImage, type 2 ».

use thiserror::Error;

/// The bytes of the ELF header this module reads (the 64-bit header is 64 bytes long).
pub const HEADER_LEN: usize = 64;
/// The AppImage type-2 magic, at [`MAGIC_OFFSET`] of the file.
pub const MAGIC: [u8; 3] = *b"AI\x02";
/// Where [`MAGIC`] sits: in `e_ident`'s padding.
pub const MAGIC_OFFSET: usize = 8;

/// Why a file is not an AppImage this runtime can run.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum ElfError {
    /// Shorter than an ELF header.
    #[error("the file is too short for an ELF header ({0} bytes)")]
    TooShort(usize),
    /// No `\x7fELF` at the start.
    #[error("the file is not an ELF executable")]
    NotElf,
    /// Only 64-bit little-endian ELF (x86-64, aarch64) is built by this project.
    #[error("the ELF is not 64-bit little-endian (class {class}, data {data})")]
    UnsupportedElf {
        /// `EI_CLASS` (2 is 64-bit).
        class: u8,
        /// `EI_DATA` (1 is little-endian).
        data: u8,
    },
    /// The ELF has no `AI\x02` at offset 8: a plain runtime, not an AppImage.
    #[error("no AppImage type-2 magic (AI\\x02) at offset 8 of the ELF header")]
    NoMagic,
    /// The section header table's end does not fit in 64 bits.
    #[error("the ELF section header table's end overflows")]
    Overflow,
}

/// Checks the ELF identification and the AppImage magic; returns where the ELF ends,
/// i.e. the offset of the appended squashfs.
pub fn payload_offset(header: &[u8]) -> Result<u64, ElfError> {
    if header.len() < HEADER_LEN {
        return Err(ElfError::TooShort(header.len()));
    }
    if header[..4] != *b"\x7fELF" {
        return Err(ElfError::NotElf);
    }
    let (class, data) = (header[4], header[5]);
    if class != 2 || data != 1 {
        return Err(ElfError::UnsupportedElf { class, data });
    }
    if header[MAGIC_OFFSET..MAGIC_OFFSET + MAGIC.len()] != MAGIC {
        return Err(ElfError::NoMagic);
    }
    let shoff = u64::from_le_bytes(le_bytes(&header[0x28..0x30]));
    let shentsize = u64::from(u16::from_le_bytes(le_bytes(&header[0x3A..0x3C])));
    let shnum = u64::from(u16::from_le_bytes(le_bytes(&header[0x3C..0x3E])));
    shentsize
        .checked_mul(shnum)
        .and_then(|table| table.checked_add(shoff))
        .ok_or(ElfError::Overflow)
}

/// A fixed-size array from a slice of that exact length (the callers slice constant ranges
/// of a header whose length was checked, so the conversion cannot fail).
fn le_bytes<const N: usize>(bytes: &[u8]) -> [u8; N] {
    let mut out = [0; N];
    out.copy_from_slice(bytes);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 64-bit little-endian ELF header with its section table at `shoff`.
    fn header(shoff: u64, shentsize: u16, shnum: u16) -> Vec<u8> {
        let mut h = vec![0u8; HEADER_LEN];
        h[..4].copy_from_slice(b"\x7fELF");
        h[4] = 2;
        h[5] = 1;
        h[MAGIC_OFFSET..MAGIC_OFFSET + 3].copy_from_slice(&MAGIC);
        h[0x28..0x30].copy_from_slice(&shoff.to_le_bytes());
        h[0x3A..0x3C].copy_from_slice(&shentsize.to_le_bytes());
        h[0x3C..0x3E].copy_from_slice(&shnum.to_le_bytes());
        h
    }

    #[test]
    fn the_payload_starts_after_the_section_header_table() {
        assert_eq!(
            payload_offset(&header(10_000, 64, 30)),
            Ok(10_000 + 64 * 30)
        );
    }

    #[test]
    fn a_plain_elf_without_the_magic_is_refused() {
        let mut h = header(10_000, 64, 30);
        h[MAGIC_OFFSET..MAGIC_OFFSET + 3].copy_from_slice(&[0, 0, 0]);
        assert_eq!(payload_offset(&h), Err(ElfError::NoMagic));
        // A type-1 AppImage (ISO 9660) is not this runtime's format either.
        h[MAGIC_OFFSET..MAGIC_OFFSET + 3].copy_from_slice(b"AI\x01");
        assert_eq!(payload_offset(&h), Err(ElfError::NoMagic));
    }

    #[test]
    fn what_is_not_a_64_bit_little_endian_elf_is_refused() {
        assert_eq!(payload_offset(b"\x7fELF"), Err(ElfError::TooShort(4)));
        let mut h = header(1, 1, 1);
        h[0] = b'M';
        assert_eq!(payload_offset(&h), Err(ElfError::NotElf));
        let mut h = header(1, 1, 1);
        h[4] = 1;
        assert_eq!(
            payload_offset(&h),
            Err(ElfError::UnsupportedElf { class: 1, data: 1 })
        );
    }

    #[test]
    fn a_section_table_end_past_u64_is_refused() {
        assert_eq!(
            payload_offset(&header(u64::MAX, 64, 2)),
            Err(ElfError::Overflow)
        );
    }

    #[test]
    fn this_test_binary_s_own_elf_ends_where_its_file_ends() {
        // The linker's layout the runtime relies on, checked on a real binary built by the
        // same toolchain (with the magic written in, as the packaging script does).
        let exe = std::env::current_exe().expect("test binary path");
        let mut bytes = std::fs::read(exe).expect("read test binary");
        bytes[MAGIC_OFFSET..MAGIC_OFFSET + 3].copy_from_slice(&MAGIC);
        assert_eq!(payload_offset(&bytes[..HEADER_LEN]), Ok(bytes.len() as u64));
    }
}
