//! The table macro behind [`ErrorCode`](super::ErrorCode) and [`Reason`](super::Reason): one row
//! per value gives the variant, its string, its documentation and its details, so that the enum,
//! `as_str`, `parse`, `ALL` and the TypeScript union mfa-wasm's build.rs writes cannot disagree.

/// Declares a string-valued enum from one table.
macro_rules! vocabulary {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[doc = $doc:literal])+ $variant:ident = $text:literal, )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name {
            $( $(#[doc = $doc])+ $variant, )+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [Self] = &[$(Self::$variant),+];

            /// The string JS and the wire see.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $text,)+
                }
            }

            /// The value of a string, if it is one.
            pub fn parse(text: &str) -> Option<Self> {
                match text {
                    $($text => Some(Self::$variant),)+
                    _ => None,
                }
            }

            /// The documentation of the value (for generated declarations).
            pub const fn doc(self) -> &'static str {
                match self {
                    $(Self::$variant => concat!($($doc, "\n"),+),)+
                }
            }
        }
    };
}

pub(crate) use vocabulary;
