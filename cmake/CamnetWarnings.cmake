# Warnings for camnet's own code. CI builds with CAMNET_WERROR=ON, so a warning cannot land.
function(camnet_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor
                                           -Wimplicit-fallthrough)
  if(CAMNET_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
