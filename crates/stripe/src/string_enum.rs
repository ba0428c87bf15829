//! Stripe's string enums gain values over time. `string_enum!` declares an enum with the values we
//! know plus `Other(String)`, so a new value from Stripe never breaks decoding and is kept as sent.

/// Declares `enum Name { Variant => "wire_value", … }` plus an `Other(String)` catch-all, with
/// `as_str`, `KNOWN_VALUES`, `Display`, `From<&str>`, `Serialize` and `Deserialize`.
macro_rules! string_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident => $value:literal, )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )+
            /// A value this version of the client does not know, kept as Stripe sent it.
            Other(String),
        }

        impl $name {
            /// Every value this client knows, as sent on the wire.
            pub const KNOWN_VALUES: &'static [&'static str] = &[$($value),+];

            pub fn as_str(&self) -> &str {
                match self {
                    $( Self::$variant => $value, )+
                    Self::Other(other) => other,
                }
            }
        }

        impl From<&str> for $name {
            fn from(value: &str) -> Self {
                match value {
                    $( $value => Self::$variant, )+
                    other => Self::Other(other.to_owned()),
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = <::std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
                Ok(Self::from(value.as_ref()))
            }
        }
    };
}

pub(crate) use string_enum;

#[cfg(test)]
mod tests {
    string_enum! {
        /// A test enum.
        pub enum Colour {
            Red => "red",
            DarkBlue => "dark_blue",
        }
    }

    #[test]
    fn known_and_unknown_values_round_trip() {
        let parsed: Vec<Colour> =
            serde_json::from_str(r#"["red","dark_blue","ultraviolet"]"#).expect("decodes");
        assert_eq!(
            parsed,
            [
                Colour::Red,
                Colour::DarkBlue,
                Colour::Other("ultraviolet".into())
            ]
        );
        let back = serde_json::to_string(&parsed).expect("encodes");
        assert_eq!(back, r#"["red","dark_blue","ultraviolet"]"#);
        assert_eq!(Colour::KNOWN_VALUES, ["red", "dark_blue"]);
        assert_eq!(Colour::DarkBlue.to_string(), "dark_blue");
    }
}
