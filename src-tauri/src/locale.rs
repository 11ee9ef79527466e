//! The window's date fields in the business's style. WebKitGTK writes an
//! `<input type=date>` in its context's preferred language, not in the
//! page's `lang` nor the computer's `LANG` (checked: `lang="en-GB"` on the
//! field still shows 12/07/2026 for 7 December under an English default),
//! so the shell sets that language from the business's country at start
//! and again when the country changes. Fields made after the change follow
//! it at once; no reload is needed.

use tauri::{Manager, Runtime};

/// Sets the main window's date fields to `tag` ("en-GB", "en-US", "de-DE").
pub fn set_field_locale<R: Runtime, M: Manager<R>>(app: &M, tag: &'static str) {
    let Some(window) = app.get_webview_window("main") else { return };
    #[cfg(target_os = "linux")]
    {
        let _ = window.with_webview(move |pw| {
            use webkit2gtk::{WebContextExt, WebViewExt};
            if let Some(ctx) = pw.inner().context() {
                ctx.set_preferred_languages(&[tag]);
            }
        });
    }
    // WKWebView (macOS) and WebView2 (Windows) take the system's region
    // settings for date fields; the words beside each field carry the
    // business's style there.
    #[cfg(not(target_os = "linux"))]
    let _ = (window, tag);
}
