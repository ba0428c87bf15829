//! How the webview draws on a machine without a GPU.
//!
//! WebKitGTK rasterises pages with Skia on OpenGL. Without a GPU render node Mesa falls back to
//! llvmpipe, which compiles every shader the page needs with LLVM on the CPU: measured here
//! (2 cores, Xvfb), that held ConnectDesk's first paint for about 1.5 s. Skia's CPU rasteriser
//! draws the same page without shaders, so it is chosen when GL would be software anyway.
//! (Turning compositing off altogether painted sooner still, but WebKitWebDriver's screenshots
//! then hung, so that mode is left to the user.) With a GPU, WebKit keeps its own choice; a
//! value the user set for either variable wins.

/// The variable that makes WebKitGTK's Skia rasterise on the CPU instead of through GL.
pub const CPU_RENDERING: &str = "WEBKIT_SKIA_ENABLE_CPU_RENDERING";

/// The user's other way to choose how WebKit draws; if set, we leave the choice to them.
const DISABLE_COMPOSITING: &str = "WEBKIT_DISABLE_COMPOSITING_MODE";

/// What the machine tells about its GL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GlHints {
    /// `WEBKIT_SKIA_ENABLE_CPU_RENDERING` or `WEBKIT_DISABLE_COMPOSITING_MODE` is set.
    pub user_chose: bool,
    /// `LIBGL_ALWAYS_SOFTWARE` is set to something other than `0` or empty.
    pub software_forced: bool,
    /// A DRM render node (`/dev/dri/renderD*`) exists.
    pub render_node: bool,
}

/// Whether to rasterise on the CPU: only when GL would run on the CPU and the user said nothing.
pub fn rasterise_on_cpu(hints: GlHints) -> bool {
    !hints.user_chose && (hints.software_forced || !hints.render_node)
}

/// Reads the hints from this process's environment and `/dev/dri`.
pub fn gl_hints() -> GlHints {
    let software_forced = std::env::var_os("LIBGL_ALWAYS_SOFTWARE")
        .is_some_and(|value| !value.is_empty() && value != "0");
    let render_node = std::fs::read_dir("/dev/dri").is_ok_and(|entries| {
        entries
            .flatten()
            .any(|entry| entry.file_name().to_string_lossy().starts_with("renderD"))
    });
    GlHints {
        user_chose: std::env::var_os(CPU_RENDERING).is_some()
            || std::env::var_os(DISABLE_COMPOSITING).is_some(),
        software_forced,
        render_node,
    }
}

/// Sets the choice for the webview. Call before any thread starts: the environment is
/// process-wide and WebKit reads it when its first web process starts.
pub fn choose() {
    let hints = gl_hints();
    if rasterise_on_cpu(hints) {
        std::env::set_var(CPU_RENDERING, "1");
        tracing::info!("no GPU for GL ({hints:?}): the webview rasterises on the CPU");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GPU: GlHints = GlHints {
        user_chose: false,
        software_forced: false,
        render_node: true,
    };

    #[test]
    fn a_machine_with_a_gpu_keeps_webkits_own_choice() {
        assert!(!rasterise_on_cpu(GPU));
    }

    #[test]
    fn no_render_node_or_forced_software_gl_rasterises_on_the_cpu() {
        assert!(rasterise_on_cpu(GlHints {
            render_node: false,
            ..GPU
        }));
        assert!(rasterise_on_cpu(GlHints {
            software_forced: true,
            ..GPU
        }));
    }

    #[test]
    fn the_users_own_setting_wins() {
        let chose = GlHints {
            user_chose: true,
            render_node: false,
            software_forced: true,
        };
        assert!(!rasterise_on_cpu(chose));
    }
}
